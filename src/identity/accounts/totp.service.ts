import { createHash, randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { DataSource, type EntityManager } from 'typeorm';

import type { TotpSetup } from '../../contracts/accounts.js';
import type { CentreCipher } from '../../crypto/crypto.service.js';
import { newId } from '../../database/ids.js';
import { RecoveryCode } from './recovery-code.entity.js';
import { UserAccount } from './user-account.entity.js';

const aad = (id: string) => ({ table: 'user_account', id, column: 'totpSecret' });
const RECOVERY_CODES = 10;
const hashCode = (userId: string, code: string) =>
  createHash('sha256').update(userId).update(':').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

export type { TotpSetup } from '../../contracts/accounts.js';

/**
 * Two-factor login with TOTP (RFC 6238, as authenticator apps expect: SHA-1, 6 digits, 30 s).
 * The secret is sealed with the centre key; a code is accepted at most once (replay), one
 * step of clock drift either way is tolerated; ten one-time recovery codes are hashed.
 */
@Injectable()
export class TotpService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Starts (or restarts) setup: a fresh secret, not active until a code confirms it. */
  async begin(cipher: CentreCipher, account: UserAccount, label: string, issuer: string): Promise<TotpSetup> {
    const secret = generateSecret({ length: 20 });
    await this.dataSource.getRepository(UserAccount).update(
      { id: account.id },
      { sealedTotpSecret: cipher.seal(aad(account.id), secret), totpEnabledAt: null, totpLastStep: null },
    );
    const uri = generateURI({ issuer, label, secret });
    const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    return { secret, uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
  }

  /** Confirms setup with a code from the app; returns the recovery codes, shown only now. */
  async confirm(cipher: CentreCipher, account: UserAccount, code: string): Promise<string[] | null> {
    if (!account.sealedTotpSecret || account.totpEnabledAt) return null;
    const step = await this.check(cipher, account, code);
    if (step === null) return null;
    return this.dataSource.transaction(async (manager) => {
      await manager.update(UserAccount, { id: account.id }, { totpEnabledAt: new Date(), totpLastStep: step });
      return this.replaceRecoveryCodes(manager, account);
    });
  }

  async replaceRecoveryCodes(manager: EntityManager, account: UserAccount): Promise<string[]> {
    await manager.delete(RecoveryCode, { userId: account.id });
    const codes = Array.from({ length: RECOVERY_CODES }, () => {
      const raw = randomBytes(8).toString('hex');
      return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}-${raw.slice(12)}`;
    });
    await manager.insert(
      RecoveryCode,
      codes.map((code) => ({ id: newId(), centreId: account.centreId, userId: account.id, codeHash: hashCode(account.id, code), createdAt: new Date() })),
    );
    return codes;
  }

  /** A current code (never the same one twice) or an unused recovery code. */
  async verifyLoginCode(cipher: CentreCipher, account: UserAccount, code: string): Promise<boolean> {
    const trimmed = code.replace(/\s/g, '');
    if (/^\d{6}$/.test(trimmed)) {
      const step = await this.check(cipher, account, trimmed);
      if (step === null) return false;
      // Conditional update: of two logins racing with the same code, only one wins.
      const updated = await this.dataSource
        .createQueryBuilder()
        .update(UserAccount)
        .set({ totpLastStep: step })
        .where('id = :id', { id: account.id })
        .andWhere('(totpLastStep IS NULL OR totpLastStep < :step)', { step })
        .execute();
      return (updated.affected ?? 0) > 0;
    }
    const result = await this.dataSource.getRepository(RecoveryCode).delete({ userId: account.id, codeHash: hashCode(account.id, trimmed) });
    return (result.affected ?? 0) > 0;
  }

  async disable(manager: EntityManager, account: UserAccount): Promise<void> {
    await manager.update(UserAccount, { id: account.id }, { sealedTotpSecret: null, totpEnabledAt: null, totpLastStep: null });
    await manager.delete(RecoveryCode, { userId: account.id });
  }

  async remainingRecoveryCodes(account: UserAccount): Promise<number> {
    return this.dataSource.getRepository(RecoveryCode).countBy({ userId: account.id });
  }

  /** The time step the code belongs to, if it is valid and newer than the last one used. */
  private async check(cipher: CentreCipher, account: UserAccount, code: string): Promise<number | null> {
    if (!account.sealedTotpSecret || !/^\d{6}$/.test(code)) return null;
    const secret = cipher.openText(aad(account.id), account.sealedTotpSecret);
    const result = await verify({
      secret,
      token: code,
      epochTolerance: 30,
      ...(account.totpLastStep !== null ? { afterTimeStep: account.totpLastStep } : {}),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  }
}
