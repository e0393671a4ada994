import { createHash, randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { DataSource, type EntityManager, type EntityTarget } from 'typeorm';

import type { TotpSetup } from '../../contracts/accounts.js';
import type { CentreCipher } from '../../crypto/crypto.service.js';
import { newId } from '../../database/ids.js';
import { RecoveryCode } from './recovery-code.entity.js';
import { UserAccount } from './user-account.entity.js';

const RECOVERY_CODES = 10;
const hashCode = (holderId: string, code: string) =>
  createHash('sha256').update(holderId).update(':').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

export type { TotpSetup } from '../../contracts/accounts.js';

/** What an account needs to hold a second factor. */
export interface TotpHolder {
  id: string;
  sealedTotpSecret: Buffer | null;
  totpEnabledAt: Date | null;
  totpLastStep: number | null;
}

/**
 * Where one kind of account keeps its second factor: its table, the table of its recovery
 * codes, and the key its secret is sealed with (a centre's for staff, the platform's for the
 * operator).
 */
export interface TotpVault<T extends TotpHolder> {
  readonly holders: EntityTarget<T>;
  readonly codes: EntityTarget<object>;
  /** The column of a recovery code that names its holder. */
  readonly owner: string;
  /** Further columns of a recovery code (e.g. the centre it belongs to). */
  codeColumns(holder: T): Record<string, unknown>;
  /** The columns that store a new secret, sealed … */
  seal(holder: T, secret: string): Record<string, unknown>;
  /** … and those that remove it. */
  readonly cleared: Record<string, unknown>;
  open(holder: T): string;
}

const staffAad = (id: string) => ({ table: 'user_account', id, column: 'totpSecret' });

/** Staff of a centre: the secret sealed with the centre's key. */
export function staffVault(cipher: CentreCipher): TotpVault<UserAccount> {
  return {
    holders: UserAccount,
    codes: RecoveryCode,
    owner: 'userId',
    codeColumns: (account) => ({ centreId: account.centreId }),
    seal: (account, secret) => ({ sealedTotpSecret: cipher.seal(staffAad(account.id), secret) }),
    cleared: { sealedTotpSecret: null },
    open: (account) => cipher.openText(staffAad(account.id), account.sealedTotpSecret!),
  };
}

/**
 * Two-factor login with TOTP (RFC 6238, as authenticator apps expect: SHA-1, 6 digits, 30 s).
 * The secret is sealed; a code is accepted at most once (replay), one step of clock drift
 * either way is tolerated; ten one-time recovery codes are hashed. The same for staff and for
 * the operator: each brings its vault.
 */
@Injectable()
export class TotpService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Starts (or restarts) setup: a fresh secret, not active until a code confirms it. */
  async begin<T extends TotpHolder>(vault: TotpVault<T>, holder: T, label: string, issuer: string): Promise<TotpSetup> {
    const secret = generateSecret({ length: 20 });
    await this.dataSource.manager.update(vault.holders, { id: holder.id }, {
      ...vault.seal(holder, secret),
      totpEnabledAt: null,
      totpLastStep: null,
    } as never);
    const uri = generateURI({ issuer, label, secret });
    const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    return { secret, uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
  }

  /** Confirms setup with a code from the app; returns the recovery codes, shown only now. */
  async confirm<T extends TotpHolder>(vault: TotpVault<T>, holder: T, code: string): Promise<string[] | null> {
    if (!holder.sealedTotpSecret || holder.totpEnabledAt) return null;
    const step = await this.check(vault, holder, code);
    if (step === null) return null;
    return this.dataSource.transaction(async (manager) => {
      await manager.update(vault.holders, { id: holder.id }, { totpEnabledAt: new Date(), totpLastStep: step } as never);
      return this.replaceRecoveryCodes(manager, vault, holder);
    });
  }

  async replaceRecoveryCodes<T extends TotpHolder>(manager: EntityManager, vault: TotpVault<T>, holder: T): Promise<string[]> {
    await manager.delete(vault.codes, { [vault.owner]: holder.id });
    const codes = Array.from({ length: RECOVERY_CODES }, () => {
      const raw = randomBytes(8).toString('hex');
      return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}-${raw.slice(12)}`;
    });
    await manager.insert(
      vault.codes,
      codes.map((code) => ({
        id: newId(),
        ...vault.codeColumns(holder),
        [vault.owner]: holder.id,
        codeHash: hashCode(holder.id, code),
        createdAt: new Date(),
      })),
    );
    return codes;
  }

  /** A current code (never the same one twice) or an unused recovery code. */
  async verifyLoginCode<T extends TotpHolder>(vault: TotpVault<T>, holder: T, code: string): Promise<boolean> {
    const trimmed = code.replace(/\s/g, '');
    if (/^\d{6}$/.test(trimmed)) {
      const step = await this.check(vault, holder, trimmed);
      if (step === null) return false;
      // Conditional update: of two logins racing with the same code, only one wins.
      const updated = await this.dataSource
        .createQueryBuilder()
        .update(vault.holders)
        .set({ totpLastStep: step } as never)
        .where('id = :id', { id: holder.id })
        .andWhere('(totpLastStep IS NULL OR totpLastStep < :step)', { step })
        .execute();
      return (updated.affected ?? 0) > 0;
    }
    const result = await this.dataSource.manager.delete(vault.codes, { [vault.owner]: holder.id, codeHash: hashCode(holder.id, trimmed) });
    return (result.affected ?? 0) > 0;
  }

  async disable<T extends TotpHolder>(manager: EntityManager, vault: TotpVault<T>, holder: T): Promise<void> {
    await manager.update(vault.holders, { id: holder.id }, { ...vault.cleared, totpEnabledAt: null, totpLastStep: null } as never);
    await manager.delete(vault.codes, { [vault.owner]: holder.id });
  }

  async remainingRecoveryCodes<T extends TotpHolder>(vault: TotpVault<T>, holder: T): Promise<number> {
    return this.dataSource.manager.countBy(vault.codes, { [vault.owner]: holder.id });
  }

  /** The time step the code belongs to, if it is valid and newer than the last one used. */
  private async check<T extends TotpHolder>(vault: TotpVault<T>, holder: T, code: string): Promise<number | null> {
    if (!holder.sealedTotpSecret || !/^\d{6}$/.test(code)) return null;
    const result = await verify({
      secret: vault.open(holder),
      token: code,
      epochTolerance: 30,
      ...(holder.totpLastStep !== null ? { afterTimeStep: holder.totpLastStep } : {}),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  }
}
