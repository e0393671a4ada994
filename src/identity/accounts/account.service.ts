import { createHash, randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

import { actorOf, AuditService } from '../../audit/audit.service.js';
import { DomainError } from '../../common/domain-error.js';
import type { Principal, ResolvedCentre } from '../../common/request.js';
import type { Me } from '../../contracts/centre.js';
import type { CentreRole } from '../../contracts/roles.js';
import { CentreCipher, CryptoService } from '../../crypto/crypto.service.js';
import { newId } from '../../database/ids.js';
import { AccountToken, type TokenPurpose } from './account-token.entity.js';
import { afterFailure, afterSuccess, assertNotLocked } from './lockout.js';
import { normaliseEmail } from '../operator/operator.service.js';
import { PasswordService } from './password.service.js';
import { UserAccount } from './user-account.entity.js';

export const INVITATION_VALID_HOURS = 72;

const aad = (id: string, column: string) => ({ table: 'user_account', id, column });

export interface NewAccount {
  role: CentreRole;
  email: string;
  displayName?: string;
  username?: string;
  passwordHash?: string | null;
  status: UserAccount['status'];
  emailConfirmedAt?: Date | null;
  locale?: 'de' | 'en';
}

/** A person's identity fields opened for use inside the app. */
export interface OpenedAccount {
  account: UserAccount;
  email: string;
  username: string | null;
  displayName: string | null;
}

@Injectable()
export class AccountService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
  ) {}

  emailIndex(cipher: CentreCipher, email: string): string {
    return cipher.blindIndex('email', normaliseEmail(email));
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
      emailIndex: this.emailIndex(cipher, email),
      usernameIndex: input.username ? this.usernameIndex(cipher, input.username) : null,
      sealedEmail: cipher.seal(aad(id, 'email'), email),
      sealedUsername: input.username ? cipher.seal(aad(id, 'username'), input.username.trim()) : null,
      sealedDisplayName: input.displayName ? cipher.seal(aad(id, 'displayName'), input.displayName.trim()) : null,
      passwordHash: input.passwordHash ?? null,
      locale: input.locale ?? 'de',
      failedLogins: 0,
      lockedUntil: null,
      emailConfirmedAt: input.emailConfirmedAt ?? null,
      lastLoginAt: null,
      createdAt: now,
      updatedAt: now,
    } satisfies UserAccount);
    await manager.insert(UserAccount, { ...account });
    return account;
  }

  open(cipher: CentreCipher, account: UserAccount): OpenedAccount {
    return {
      account,
      email: cipher.openText(aad(account.id, 'email'), account.sealedEmail),
      username: account.sealedUsername ? cipher.openText(aad(account.id, 'username'), account.sealedUsername) : null,
      displayName: account.sealedDisplayName
        ? cipher.openText(aad(account.id, 'displayName'), account.sealedDisplayName)
        : null,
    };
  }

  /** Issues a single-use link token; only its hash is stored. */
  async issueToken(
    manager: EntityManager,
    account: UserAccount,
    purpose: TokenPurpose,
    validHours: number,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await manager.delete(AccountToken, { userId: account.id, purpose });
    await manager.insert(AccountToken, {
      tokenHash: createHash('sha256').update(token).digest('hex'),
      centreId: account.centreId,
      userId: account.id,
      purpose,
      expiresAt: new Date(Date.now() + validHours * 3_600_000),
      createdAt: new Date(),
    });
    return token;
  }

  /** Consumes a token: valid once, only at its own centre, only before it expires. */
  async consumeToken(manager: EntityManager, centreId: string, token: string, purpose: TokenPurpose): Promise<UserAccount> {
    const tokenHash = createHash('sha256').update(token).digest('hex');
    const row = await manager.findOneBy(AccountToken, { tokenHash, purpose, centreId });
    if (!row) throw new DomainError('TOKEN_INVALID', 400);
    await manager.delete(AccountToken, { tokenHash });
    if (row.expiresAt.getTime() <= Date.now()) throw new DomainError('TOKEN_INVALID', 400);
    const account = await manager.findOneBy(UserAccount, { id: row.userId, centreId });
    if (!account) throw new DomainError('TOKEN_INVALID', 400);
    return account;
  }

  async acceptInvitation(centre: ResolvedCentre, token: string, password: string): Promise<void> {
    const passwordHash = await this.passwords.hash(password);
    const account = await this.dataSource.transaction(async (manager) => {
      const found = await this.consumeToken(manager, centre.id, token, 'invitation');
      if (found.status === 'deactivated') throw new DomainError('TOKEN_INVALID', 400);
      await manager.update(UserAccount, { id: found.id }, {
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

  async verifyLogin(centre: ResolvedCentre, login: string, password: string): Promise<Principal> {
    const cipher = await this.crypto.forCentre(centre.id);
    const trimmed = login.trim();
    const repo = this.dataSource.getRepository(UserAccount);
    const account = trimmed.includes('@')
      ? await repo.findOneBy({ centreId: centre.id, emailIndex: this.emailIndex(cipher, trimmed) })
      : await repo.findOneBy({ centreId: centre.id, usernameIndex: this.usernameIndex(cipher, trimmed) });
    if (account) assertNotLocked(account);
    const ok = await this.passwords.verify(account?.passwordHash ?? null, password);
    const usable = account && ok && account.status === 'active' && account.emailConfirmedAt !== null;
    if (!account || !usable) {
      if (account && !ok) await repo.update({ id: account.id }, afterFailure(account));
      await this.audit.record(
        { type: 'anonymous', id: null, centreId: centre.id },
        { action: 'login', target: account ? { type: 'user', id: account.id } : undefined, outcome: 'failure' },
      );
      throw new DomainError('LOGIN_FAILED', 401);
    }
    await repo.update({ id: account.id }, { ...afterSuccess(), lastLoginAt: new Date() });
    const principal: Principal = { type: 'user', id: account.id, role: account.role, centreId: centre.id };
    await this.audit.record(actorOf(principal), { action: 'login' });
    return principal;
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
