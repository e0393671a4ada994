import { createHash, randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';

import { actorOf, AuditService } from '../../audit/audit.service.js';
import { conflict, DomainError } from '../../common/domain-error.js';
import type { Principal, ResolvedCentre } from '../../common/request.js';
import type { Me } from '../../contracts/centre.js';
import type { CentreRole } from '../../contracts/roles.js';
import { type CentreCipher, CryptoService } from '../../crypto/crypto.service.js';
import { newId } from '../../database/ids.js';
import { writeLock } from '../../database/sql.js';
import { Centre } from '../../tenancy/centre.entity.js';
import { AccountToken, type TokenPurpose } from './account-token.entity.js';
import { normaliseEmail } from './email.js';
import { afterSuccess, assertNotLocked, LoginThrottle, recordFailure } from './lockout.js';
import { PasswordService } from './password.service.js';
import { staffVault, TotpService } from './totp.service.js';
import { UserAccount } from './user-account.entity.js';

export const INVITATION_VALID_HOURS = 72;

export const accountAad = (id: string, column: string) => ({ table: 'user_account', id, column });

/**
 * Addresses their owner has not confirmed yet are kept under an index of their own: a
 * self-registration until its link is followed, a staff invitation until it is accepted. So
 * such a row is made the same way whether or not the address already has an account here
 * (nothing to learn from what happens next), and it never answers to the address at the login.
 */
export type UnconfirmedAddress = 'registration' | 'invitation';

export interface NewAccount {
  role: CentreRole;
  email: string;
  displayName?: string;
  username?: string;
  passwordHash?: string | null;
  status: UserAccount['status'];
  emailConfirmedAt?: Date | null;
  privacyAcceptedAt?: Date | null;
  locale?: 'de' | 'en';
  /** Stored under the index of unconfirmed addresses of this kind, not the address's own. */
  unconfirmed?: UnconfirmedAddress;
}

/** A person's identity fields opened for use inside the app. */
export interface OpenedAccount {
  account: UserAccount;
  email: string;
  username: string | null;
  displayName: string | null;
}

export interface LoginOutcome {
  principal: Principal;
  /** The centre requires two-factor login for staff and this person has not set it up yet. */
  twoFactorSetupPending: boolean;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

@Injectable()
export class AccountService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly passwords: PasswordService,
    private readonly totp: TotpService,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
  ) {}

  emailIndex(cipher: CentreCipher, email: string): string {
    return cipher.blindIndex('email', normaliseEmail(email));
  }

  /** The index of an address not yet confirmed by its owner (see UnconfirmedAddress). */
  unconfirmedEmailIndex(cipher: CentreCipher, email: string, kind: UnconfirmedAddress): string {
    return cipher.blindIndex(`email-${kind}`, normaliseEmail(email));
  }

  async findUnconfirmed(manager: EntityManager, cipher: CentreCipher, email: string, kind: UnconfirmedAddress): Promise<UserAccount | null> {
    return manager.findOneBy(UserAccount, { centreId: cipher.centreId, emailIndex: this.unconfirmedEmailIndex(cipher, email, kind) });
  }

  /**
   * The owner followed the link: the address now answers for this account. Refused when the
   * address got an account of its own meanwhile (only the address's owner can see this).
   */
  async confirmAddress(manager: EntityManager, cipher: CentreCipher, account: UserAccount): Promise<string> {
    const email = this.open(cipher, account).email;
    const index = this.emailIndex(cipher, email);
    if (account.emailIndex !== index && (await manager.existsBy(UserAccount, { centreId: account.centreId, emailIndex: index }))) {
      throw conflict('EMAIL_TAKEN', [{ field: 'email', code: 'EMAIL_TAKEN' }]);
    }
    return index;
  }

  /** A person's logins (address and username), for lifting their locks after a new password. */
  loginsOf(cipher: CentreCipher, account: UserAccount): string[] {
    const opened = this.open(cipher, account);
    return [opened.email, ...(opened.username ? [opened.username] : [])];
  }

  /** A new password: the locks of the person's logins, everywhere, and of the account end. */
  async liftLocks(manager: EntityManager, cipher: CentreCipher, account: UserAccount): Promise<void> {
    await this.throttle.clearLogins(account.centreId, this.loginsOf(cipher, account), manager);
    await manager.update(UserAccount, { id: account.id }, afterSuccess());
  }

  usernameIndex(cipher: CentreCipher, username: string): string {
    return cipher.blindIndex('username', username.trim().toLowerCase());
  }

  /** Inserts an account with its identity fields sealed; the cipher may be a brand-new centre's. */
  async create(manager: EntityManager, cipher: CentreCipher, input: NewAccount): Promise<UserAccount> {
    const id = newId();
    const now = new Date();
    const email = normaliseEmail(input.email);
    const account = Object.assign(new UserAccount(), {
      id,
      centreId: cipher.centreId,
      role: input.role,
      status: input.status,
      emailIndex: input.unconfirmed ? this.unconfirmedEmailIndex(cipher, email, input.unconfirmed) : this.emailIndex(cipher, email),
      usernameIndex: input.username ? this.usernameIndex(cipher, input.username) : null,
      sealedEmail: cipher.seal(accountAad(id, 'email'), email),
      sealedUsername: input.username ? cipher.seal(accountAad(id, 'username'), input.username.trim()) : null,
      sealedDisplayName: input.displayName ? cipher.seal(accountAad(id, 'displayName'), input.displayName.trim()) : null,
      passwordHash: input.passwordHash ?? null,
      locale: input.locale ?? 'de',
      failedLogins: 0,
      lockedUntil: null,
      emailConfirmedAt: input.emailConfirmedAt ?? null,
      lastLoginAt: null,
      privacyAcceptedAt: input.privacyAcceptedAt ?? null,
      sealedTotpSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
      notifyMode: 'each',
      digestPendingSince: null,
      createdAt: now,
      updatedAt: now,
    } satisfies UserAccount);
    await manager.insert(UserAccount, { ...account });
    return account;
  }

  open(cipher: CentreCipher, account: UserAccount): OpenedAccount {
    return {
      account,
      email: cipher.openText(accountAad(account.id, 'email'), account.sealedEmail),
      username: account.sealedUsername ? cipher.openText(accountAad(account.id, 'username'), account.sealedUsername) : null,
      displayName: account.sealedDisplayName
        ? cipher.openText(accountAad(account.id, 'displayName'), account.sealedDisplayName)
        : null,
    };
  }

  async findByEmail(manager: EntityManager, cipher: CentreCipher, email: string): Promise<UserAccount | null> {
    return manager.findOneBy(UserAccount, { centreId: cipher.centreId, emailIndex: this.emailIndex(cipher, email) });
  }

  async findByUsername(manager: EntityManager, cipher: CentreCipher, username: string): Promise<UserAccount | null> {
    return manager.findOneBy(UserAccount, { centreId: cipher.centreId, usernameIndex: this.usernameIndex(cipher, username) });
  }

  /** Issues a single-use link token (replacing an older one of the same purpose); only its hash is stored. */
  async issueToken(
    manager: EntityManager,
    account: UserAccount,
    purpose: TokenPurpose,
    validHours: number,
    sealedPayload: Buffer | null = null,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    // Deleting nothing still takes InnoDB's gap locks: parallel registrations (each a new
    // account without tokens) would lock the same gap and deadlock on their inserts.
    if (await manager.existsBy(AccountToken, { userId: account.id, purpose })) await manager.delete(AccountToken, { userId: account.id, purpose });
    await manager.insert(AccountToken, {
      tokenHash: hashToken(token),
      centreId: account.centreId,
      userId: account.id,
      purpose,
      expiresAt: new Date(Date.now() + validHours * 3_600_000),
      sealedPayload,
      createdAt: new Date(),
    });
    return token;
  }

  /**
   * Refuses to remove the centre's last active admin. The admins' rows stay locked until the
   * transaction ends (MariaDB/MySQL), so two admins removing each other at the same moment
   * cannot both succeed.
   */
  async guardLastAdmin(manager: EntityManager, account: UserAccount): Promise<void> {
    if (account.role !== 'admin' || account.status !== 'active') return;
    const query = manager
      .createQueryBuilder(UserAccount, 'u')
      .select('u.id')
      .where('u.centreId = :centreId AND u.role = :role AND u.status = :status', { centreId: account.centreId, role: 'admin', status: 'active' });
    const mode = writeLock(manager);
    if (mode) query.setLock(mode);
    if ((await query.getMany()).length <= 1) throw conflict('LAST_ADMIN');
  }

  /**
   * A new password voids the links that could take the account over: a pending e-mail change
   * (requested by whoever knew the old password) and other reset links.
   */
  async revokeTakeoverTokens(manager: EntityManager, userId: string): Promise<void> {
    await manager.delete(AccountToken, { userId, purpose: In(['email-change', 'password-reset']) });
  }

  /** Consumes a token: valid once, only at its own centre, only before it expires. */
  async consumeToken(
    manager: EntityManager,
    centreId: string,
    token: string,
    purpose: TokenPurpose,
  ): Promise<{ account: UserAccount; payload: Buffer | null }> {
    const tokenHash = hashToken(token);
    const row = await manager.findOneBy(AccountToken, { tokenHash, purpose, centreId });
    if (!row || row.expiresAt.getTime() <= Date.now()) throw new DomainError('TOKEN_INVALID', 400);
    // Two requests with the same link at the same moment: only the one that deletes it goes on.
    const { affected } = await manager.delete(AccountToken, { tokenHash });
    if (affected === 0) throw new DomainError('TOKEN_INVALID', 400);
    const account = await manager.findOneBy(UserAccount, { id: row.userId, centreId });
    if (!account) throw new DomainError('TOKEN_INVALID', 400);
    return { account, payload: row.sealedPayload };
  }

  async acceptInvitation(centre: ResolvedCentre, token: string, passwordHash: string): Promise<void> {
    const cipher = await this.crypto.forCentre(centre.id);
    const account = await this.dataSource.transaction(async (manager) => {
      const { account: found } = await this.consumeToken(manager, centre.id, token, 'invitation');
      if (found.status === 'deactivated') throw new DomainError('TOKEN_INVALID', 400);
      await manager.update(UserAccount, { id: found.id }, {
        emailIndex: await this.confirmAddress(manager, cipher, found),
        passwordHash,
        status: 'active',
        emailConfirmedAt: found.emailConfirmedAt ?? new Date(),
        updatedAt: new Date(),
      });
      return found;
    });
    await this.audit.record(
      { type: 'user', id: account.id, centreId: centre.id },
      { action: 'invitation.accepted', target: { type: 'user', id: account.id } },
    );
  }

  /**
   * Checks login, password and (for staff who use it) the second factor. Every failure looks
   * the same until the password is right; only then does the answer say what is missing.
   *
   * Wrong passwords count against the login as typed from the caller's network (LoginThrottle),
   * the same whether or not an account exists. Wrong codes of the second factor — and wrong
   * password confirmations in a session — count against the account itself; that lock is
   * shown only to someone who got the password right.
   */
  async verifyLogin(centre: ResolvedCentre, login: string, password: string, code: string | undefined, ip: string | undefined): Promise<LoginOutcome> {
    const cipher = await this.crypto.forCentre(centre.id);
    const trimmed = login.trim();
    const manager = this.dataSource.manager;
    const guard = this.throttle.guard(centre.id, trimmed, ip);
    if (await this.throttle.isLocked(guard)) {
      // As slow as any other answer.
      await this.passwords.verify(null, password);
      throw new DomainError('ACCOUNT_LOCKED', 429);
    }
    const account = trimmed.includes('@')
      ? await this.findByEmail(manager, cipher, trimmed)
      : await this.findByUsername(manager, cipher, trimmed);
    const ok = await this.passwords.verify(account?.passwordHash ?? null, password);
    if (!account || !ok) {
      await this.throttle.recordFailure(guard);
      await this.audit.record(
        { type: 'anonymous', id: null, centreId: centre.id },
        { action: 'login', target: account ? { type: 'user', id: account.id } : undefined, outcome: 'failure' },
      );
      throw new DomainError('LOGIN_FAILED', 401);
    }
    // Guesses sent in parallel may have locked this login while this one was checked.
    if (await this.throttle.isLocked(guard)) throw new DomainError('ACCOUNT_LOCKED', 429);
    const lockOf = () => manager.findOneOrFail(UserAccount, { where: { id: account.id }, select: { id: true, failedLogins: true, lockedUntil: true } });
    assertNotLocked(await lockOf());
    if (account.status === 'deactivated') throw new DomainError('ACCOUNT_DEACTIVATED', 403);
    if (account.status !== 'active' || !account.emailConfirmedAt) throw new DomainError('EMAIL_NOT_CONFIRMED', 403);

    if (account.totpEnabledAt) {
      if (!code) throw new DomainError('TOTP_REQUIRED', 401);
      const accepted = await this.totp.verifyLoginCode(staffVault(cipher), account, code);
      if (!accepted) {
        await recordFailure(manager, UserAccount, account.id);
        await this.audit.record(
          { type: 'anonymous', id: null, centreId: centre.id },
          { action: 'login.second-factor', target: { type: 'user', id: account.id }, outcome: 'failure' },
        );
        throw new DomainError('TOTP_INVALID', 401);
      }
      // Codes guessed in parallel may have locked the account meanwhile.
      assertNotLocked(await lockOf());
    }
    if (this.passwords.needsRehash(account.passwordHash!)) {
      await manager.update(UserAccount, { id: account.id }, { passwordHash: await this.passwords.hash(password) });
    }
    await manager.update(UserAccount, { id: account.id }, { ...afterSuccess(), lastLoginAt: new Date() });
    await this.throttle.clear(guard);
    const principal: Principal = { type: 'user', id: account.id, role: account.role, centreId: centre.id };
    await this.audit.record(actorOf(principal), { action: 'login' });
    const required = account.role !== 'client' && !account.totpEnabledAt && (await this.twoFactorRequired(centre.id));
    return { principal, twoFactorSetupPending: required };
  }

  async twoFactorRequired(centreId: string): Promise<boolean> {
    const centre = await this.dataSource.getRepository(Centre).findOne({ where: { id: centreId }, select: { staffTwoFactorRequired: true } });
    return centre?.staffTwoFactorRequired ?? false;
  }

  async me(principal: Principal, centreSlug: string): Promise<Me | null> {
    if (!principal.centreId) return null;
    const account = await this.dataSource.getRepository(UserAccount).findOneBy({ id: principal.id });
    if (!account || account.status !== 'active') return null;
    const opened = this.open(await this.crypto.forCentre(principal.centreId), account);
    return {
      id: account.id,
      role: account.role,
      centre: centreSlug,
      displayName: opened.displayName ?? opened.username ?? '',
      locale: account.locale,
    };
  }
}
