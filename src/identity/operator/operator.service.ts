import { hkdfSync } from 'node:crypto';

import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, IsNull, Repository } from 'typeorm';

import { actorOf, AuditService, SYSTEM } from '../../audit/audit.service.js';
import { conflict, DomainError, invalid, unauthenticated } from '../../common/domain-error.js';
import type { Principal, RequestSession } from '../../common/request.js';
import type { OperatorProfile, TotpSetup } from '../../contracts/accounts.js';
import { DecryptionError, encodeAad, openWithKey, sealWithKey } from '../../crypto/envelope.js';
import { type MasterKey, MasterKeyring } from '../../crypto/master-keyring.js';
import { newId } from '../../database/ids.js';
import { normaliseEmail } from '../accounts/email.js';
import { afterSuccess, assertNotLocked, LoginThrottle, recordFailure } from '../accounts/lockout.js';
import { PasswordConfirmation } from '../accounts/password-confirmation.js';
import { PASSWORD_MIN_LENGTH } from '../accounts/password-policy.js';
import { PasswordService } from '../accounts/password.service.js';
import { TotpService, type TotpVault } from '../accounts/totp.service.js';
import { SessionService } from '../sessions/session.service.js';
import { OperatorAccount } from './operator-account.entity.js';
import { OperatorRecoveryCode } from './operator-recovery-code.entity.js';

export interface OperatorLoginOutcome {
  principal: Principal;
  /** Two-factor login is mandatory for the operator: without it set up, the session may only set it up. */
  twoFactorSetupPending: boolean;
}

/** What the operator's authenticator app shows as the account's issuer. */
export const OPERATOR_TOTP_ISSUER = 'BeraDIG Betrieb';

const secretAad = (id: string) => encodeAad('platform', { table: 'operator_account', id, column: 'totpSecret' });
/** The operator belongs to no centre: its secret is sealed with a key derived from the master key. */
const secretKey = (master: MasterKey) => Buffer.from(hkdfSync('sha256', master.key, 'beradig', 'beradig/operator-secrets/v1', 32));

/**
 * The platform operator's accounts: login with password and (mandatory) second factor, its
 * setup, recovery codes, and the server-side reset for an operator who lost both phone and codes.
 */
@Injectable()
export class OperatorService implements OnApplicationBootstrap {
  private readonly logger = new Logger(OperatorService.name);
  private readonly vault: TotpVault<OperatorAccount>;

  constructor(
    @InjectRepository(OperatorAccount) private readonly operators: Repository<OperatorAccount>,
    private readonly passwords: PasswordService,
    private readonly confirmation: PasswordConfirmation,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
    private readonly totp: TotpService,
    private readonly sessions: SessionService,
    private readonly keyring: MasterKeyring,
  ) {
    this.vault = {
      holders: OperatorAccount,
      codes: OperatorRecoveryCode,
      owner: 'operatorId',
      codeColumns: () => ({}),
      seal: (account, secret) => this.sealSecret(account.id, secret),
      cleared: { sealedTotpSecret: null, totpKeyId: null },
      open: (account) => this.openSecret(account),
    };
  }

  /**
   * Sessions of operators without a second factor may only set it up. Those started before it
   * became mandatory (by an earlier version) did not say so: every start ends them, so such an
   * operator logs in again and is asked to set it up.
   */
  async onApplicationBootstrap(): Promise<void> {
    const without = await this.operators.find({ where: { totpEnabledAt: IsNull() }, select: { id: true } });
    for (const { id } of without) await this.sessions.endAllFor(id);
  }

  private sealSecret(id: string, secret: string): Pick<OperatorAccount, 'sealedTotpSecret' | 'totpKeyId'> {
    const master = this.keyring.current;
    return { sealedTotpSecret: sealWithKey(secretKey(master), 0, secretAad(id), Buffer.from(secret, 'utf8')), totpKeyId: master.id };
  }

  private openSecret(account: OperatorAccount): string {
    const master = account.totpKeyId ? this.keyring.get(account.totpKeyId) : undefined;
    if (!master || !account.sealedTotpSecret) {
      throw new DecryptionError(`The operator's second factor is sealed under master key ${account.totpKeyId}, which is not configured.`);
    }
    return openWithKey(secretKey(master), secretAad(account.id), account.sealedTotpSecret).toString('utf8');
  }

  /** Creates an operator unless one with this e-mail exists. Returns whether it created one. */
  async ensure(email: string, password: string): Promise<boolean> {
    const normalised = normaliseEmail(email);
    if (!/^[^\s@]+@[^\s@]+$/.test(normalised)) throw invalid([{ field: 'email', code: 'field.email' }]);
    if (password.length < PASSWORD_MIN_LENGTH) {
      throw invalid([{ field: 'password', code: 'field.minLength', params: { min: PASSWORD_MIN_LENGTH } }]);
    }
    if (await this.operators.existsBy({ email: normalised })) return false;
    await this.operators.insert({
      id: newId(),
      email: normalised,
      passwordHash: await this.passwords.hash(password),
      failedLogins: 0,
      lockedUntil: null,
      lastLoginAt: null,
      sealedTotpSecret: null,
      totpKeyId: null,
      totpEnabledAt: null,
      totpLastStep: null,
      createdAt: new Date(),
    });
    this.logger.log('Operator account created');
    return true;
  }

  /**
   * Password, then the second factor. Failures before the password is right are counted per
   * login and network like a centre's logins (the operator's address is told by nothing, and a
   * guesser elsewhere does not lock the operator out); wrong codes count on the account.
   */
  async verifyLogin(email: string, password: string, code: string | undefined, ip: string | undefined): Promise<OperatorLoginOutcome> {
    const guard = this.throttle.guard(null, email, ip);
    if (await this.throttle.isLocked(guard)) {
      await this.passwords.verify(null, password);
      throw new DomainError('ACCOUNT_LOCKED', 429);
    }
    const account = await this.operators.findOneBy({ email: normaliseEmail(email) });
    const ok = await this.passwords.verify(account?.passwordHash ?? null, password);
    if (!account || !ok) {
      await this.throttle.recordFailure(guard);
      await this.audit.record(
        { type: 'anonymous', id: null, centreId: null },
        { action: 'operator.login', centreId: null, target: account ? { type: 'operator', id: account.id } : undefined, outcome: 'failure' },
      );
      throw new DomainError('LOGIN_FAILED', 401);
    }
    if (await this.throttle.isLocked(guard)) throw new DomainError('ACCOUNT_LOCKED', 429);
    const lockOf = () => this.operators.findOneOrFail({ where: { id: account.id }, select: { id: true, failedLogins: true, lockedUntil: true } });
    assertNotLocked(await lockOf());
    if (account.totpEnabledAt) {
      if (!code) throw new DomainError('TOTP_REQUIRED', 401);
      if (!(await this.totp.verifyLoginCode(this.vault, account, code))) {
        await recordFailure(this.operators.manager, OperatorAccount, account.id);
        await this.audit.record(
          { type: 'anonymous', id: null, centreId: null },
          { action: 'operator.login.second-factor', centreId: null, target: { type: 'operator', id: account.id }, outcome: 'failure' },
        );
        throw new DomainError('TOTP_INVALID', 401);
      }
      assertNotLocked(await lockOf());
    }
    const changes: Partial<OperatorAccount> = { ...afterSuccess(), lastLoginAt: new Date() };
    if (this.passwords.needsRehash(account.passwordHash)) changes.passwordHash = await this.passwords.hash(password);
    // A secret still sealed under a previous master key moves to the current one.
    if (account.totpEnabledAt && account.totpKeyId !== this.keyring.current.id) Object.assign(changes, this.sealSecret(account.id, this.openSecret(account)));
    await this.operators.update({ id: account.id }, changes);
    await this.throttle.clear(guard);
    const principal: Principal = { type: 'operator', id: account.id, role: 'operator', centreId: null };
    await this.audit.record(actorOf(principal), { action: 'operator.login', centreId: null });
    return { principal, twoFactorSetupPending: !account.totpEnabledAt };
  }

  async email(id: string): Promise<string | null> {
    return (await this.operators.findOne({ where: { id }, select: { email: true } }))?.email ?? null;
  }

  private async load(principal: Principal): Promise<OperatorAccount> {
    const account = principal.type === 'operator' ? await this.operators.findOneBy({ id: principal.id }) : null;
    if (!account) throw unauthenticated();
    return account;
  }

  async profile(principal: Principal): Promise<OperatorProfile> {
    const account = await this.load(principal);
    return {
      email: account.email,
      twoFactor: {
        enabled: !!account.totpEnabledAt,
        recoveryCodesLeft: account.totpEnabledAt ? await this.totp.remainingRecoveryCodes(this.vault, account) : 0,
      },
    };
  }

  async beginTwoFactor(principal: Principal): Promise<TotpSetup> {
    const account = await this.load(principal);
    if (account.totpEnabledAt) throw conflict('TWO_FACTOR_ACTIVE');
    return this.totp.begin(this.vault, account, account.email, OPERATOR_TOTP_ISSUER);
  }

  async confirmTwoFactor(session: RequestSession, code: string): Promise<{ recoveryCodes: string[] }> {
    const account = await this.load(session.principal);
    const codes = await this.totp.confirm(this.vault, account, code.replace(/\s/g, ''));
    if (!codes) throw invalid([{ field: 'code', code: 'field.totpWrong' }], 'TOTP_INVALID');
    if (session.twoFactorSetupPending) await this.sessions.completeTwoFactorSetup(session.id);
    await this.audit.record(actorOf(session.principal), { action: 'operator.two-factor.enabled', centreId: null });
    return { recoveryCodes: codes };
  }

  async newRecoveryCodes(principal: Principal, password: string): Promise<{ recoveryCodes: string[] }> {
    const account = await this.load(principal);
    await this.confirmation.require(OperatorAccount, account, password);
    if (!account.totpEnabledAt) throw conflict('TWO_FACTOR_INACTIVE');
    const recoveryCodes = await this.operators.manager.transaction((manager) => this.totp.replaceRecoveryCodes(manager, this.vault, account));
    await this.audit.record(actorOf(principal), { action: 'operator.recovery-codes.replaced', centreId: null });
    return { recoveryCodes };
  }

  /**
   * For an operator who lost both the authenticator and the recovery codes (a command on the
   * server, so it needs shell access there): the second factor is removed, every session of the
   * operator ends, and the next login must set it up again before anything else.
   */
  async resetTwoFactor(email: string): Promise<boolean> {
    const account = await this.operators.findOneBy({ email: normaliseEmail(email) });
    if (!account) return false;
    await this.operators.manager.transaction(async (manager) => {
      await this.totp.disable(manager, this.vault, account);
      await manager.update(OperatorAccount, { id: account.id }, afterSuccess());
    });
    await this.sessions.endAllFor(account.id);
    await this.audit.record(SYSTEM, { action: 'operator.two-factor.reset', centreId: null, target: { type: 'operator', id: account.id } });
    return true;
  }

  /** Seals every operator's second factor with the current master key (after a master key rotation). */
  async rewrapSecrets(): Promise<{ rewrapped: number; total: number }> {
    const sealed = await this.operators.findBy({ sealedTotpSecret: Not(IsNull()) });
    let rewrapped = 0;
    for (const account of sealed) {
      if (account.totpKeyId === this.keyring.current.id) continue;
      await this.operators.update({ id: account.id }, this.sealSecret(account.id, this.openSecret(account)));
      rewrapped++;
    }
    return { rewrapped, total: sealed.length };
  }

  /** The demo operator (development only) gets a known secret, printed with the demo logins. */
  async enableTwoFactorWithSecret(email: string, secret: string): Promise<void> {
    const account = await this.operators.findOneByOrFail({ email: normaliseEmail(email) });
    await this.operators.update({ id: account.id }, { ...this.sealSecret(account.id, secret), totpEnabledAt: new Date(), totpLastStep: null });
  }
}
