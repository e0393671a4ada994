import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';

import { actorOf, AuditService } from '../../audit/audit.service.js';
import { conflict, DomainError, invalid } from '../../common/domain-error.js';
import type { Principal, RequestSession, ResolvedCentre } from '../../common/request.js';
import { CryptoService } from '../../crypto/crypto.service.js';
import { Links } from '../../notifications/links.js';
import { NotificationService } from '../../notifications/notification.service.js';
import { KERNEL_TEMPLATES } from '../../notifications/templates.js';
import { PersonalDataRegistry } from '../../privacy/personal-data.port.js';
import { AccountEraser } from '../accounts/account-eraser.service.js';
import { accountAad, AccountService } from '../accounts/account.service.js';
import { normaliseEmail } from '../accounts/email.js';
import { PasswordPolicy } from '../accounts/password-policy.js';
import { PasswordService } from '../accounts/password.service.js';
import { PasswordConfirmation } from '../accounts/password-confirmation.js';
import { staffVault, TotpService, type TotpSetup } from '../accounts/totp.service.js';
import { UserAccount } from '../accounts/user-account.entity.js';
import { SessionService } from '../sessions/session.service.js';
import type { AccountProfile, UpdateProfileDto } from './dto.js';

export const EMAIL_CHANGE_LINK_HOURS = 48;

/** What people do with their own account: profile, password, e-mail, 2FA, export, deletion. */
@Injectable()
export class SelfService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly accounts: AccountService,
    private readonly passwords: PasswordService,
    private readonly policy: PasswordPolicy,
    private readonly totp: TotpService,
    private readonly sessions: SessionService,
    private readonly eraser: AccountEraser,
    private readonly registry: PersonalDataRegistry,
    private readonly notifications: NotificationService,
    private readonly links: Links,
    private readonly audit: AuditService,
    private readonly confirmation: PasswordConfirmation,
  ) {}

  private async load(principal: Principal): Promise<UserAccount> {
    const account = await this.dataSource.getRepository(UserAccount).findOneBy({ id: principal.id, centreId: principal.centreId! });
    if (!account) throw new DomainError('UNAUTHENTICATED', 401);
    return account;
  }

  /** Wrong confirmations count against the account like failed logins (see PasswordConfirmation). */
  private requirePassword(account: UserAccount, password: string, field = 'password'): Promise<void> {
    return this.confirmation.require(UserAccount, account, password, field);
  }

  async profile(principal: Principal): Promise<AccountProfile> {
    const account = await this.load(principal);
    const opened = this.accounts.open(await this.crypto.forCentre(account.centreId), account);
    const staff = account.role !== 'client';
    return {
      id: account.id,
      role: account.role,
      username: opened.username,
      email: opened.email,
      displayName: opened.displayName,
      locale: account.locale,
      notifyMode: account.notifyMode,
      createdAt: account.createdAt.toISOString(),
      twoFactor: {
        available: staff,
        enabled: !!account.totpEnabledAt,
        required: staff && (await this.accounts.twoFactorRequired(account.centreId)),
        recoveryCodesLeft: account.totpEnabledAt ? await this.totp.remainingRecoveryCodes(staffVault(await this.crypto.forCentre(account.centreId)), account) : 0,
      },
    };
  }

  async update(principal: Principal, dto: UpdateProfileDto): Promise<AccountProfile> {
    const account = await this.load(principal);
    const changes: Partial<UserAccount> = { updatedAt: new Date() };
    if (dto.locale) changes.locale = dto.locale;
    if (dto.notifyMode) {
      // Clients always hear of new messages in some way: they may not miss their counsellor's answer.
      if (dto.notifyMode === 'off' && account.role === 'client') throw invalid([{ field: 'notifyMode', code: 'field.invalid' }]);
      changes.notifyMode = dto.notifyMode;
      if (dto.notifyMode !== 'hourly') changes.digestPendingSince = null;
    }
    if (dto.displayName !== undefined) {
      if (account.role === 'client') throw invalid([{ field: 'displayName', code: 'field.unknown' }]);
      const cipher = await this.crypto.forCentre(account.centreId);
      changes.sealedDisplayName = cipher.seal(accountAad(account.id, 'displayName'), dto.displayName);
    }
    await this.dataSource.getRepository(UserAccount).update({ id: account.id }, changes);
    return this.profile(principal);
  }

  async changePassword(session: RequestSession, current: string, next: string, res: Response): Promise<void> {
    const account = await this.load(session.principal);
    await this.requirePassword(account, current, 'currentPassword');
    const opened = this.accounts.open(await this.crypto.forCentre(account.centreId), account);
    const problems = this.policy.check(next, { email: opened.email, username: opened.username ?? undefined, field: 'newPassword' });
    if (problems.length > 0) throw invalid(problems);
    const passwordHash = await this.passwords.hash(next);
    const cipher = await this.crypto.forCentre(account.centreId);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(UserAccount, { id: account.id }, { passwordHash, updatedAt: new Date() });
      await this.accounts.revokeTakeoverTokens(manager, account.id);
      await this.accounts.liftLocks(manager, cipher, account);
    });
    // Anyone who knew the old password is logged out; this browser keeps going with a new session.
    await this.sessions.endOthers(account.id, session, res);
    await this.audit.record(actorOf(session.principal), { action: 'password.changed' });
  }

  async requestEmailChange(centre: ResolvedCentre, principal: Principal, email: string, password: string): Promise<void> {
    const account = await this.load(principal);
    await this.requirePassword(account, password);
    const cipher = await this.crypto.forCentre(account.centreId);
    const normalised = normaliseEmail(email);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const other = await this.accounts.findByEmail(manager, cipher, normalised);
      if (other) return { taken: other, token: null };
      const payload = cipher.seal({ table: 'account_token', id: account.id, column: 'newEmail' }, normalised);
      return { taken: null, token: await this.accounts.issueToken(manager, account, 'email-change', EMAIL_CHANGE_LINK_HOURS, payload) };
    });
    if (outcome.taken) {
      // The same answer as for a free address, or this would tell who has an account here;
      // the address's owner hears of the attempt instead.
      if (outcome.taken.id !== account.id) {
        this.notifications.notifyLater({ email: normalised, locale: outcome.taken.locale }, KERNEL_TEMPLATES['email-change-exists'], {
          centreName: centre.name,
          link: this.links.portal(centre.slug),
        });
      }
      return;
    }
    const token = outcome.token;
    await this.notifications.notify({ email: normalised, locale: account.locale }, KERNEL_TEMPLATES['email-change-confirm'], {
      centreName: centre.name,
      link: this.links.portal(centre.slug, 'email-bestaetigen', token),
      validHours: EMAIL_CHANGE_LINK_HOURS,
    });
  }

  async confirmEmailChange(centre: ResolvedCentre, token: string): Promise<void> {
    const cipher = await this.crypto.forCentre(centre.id);
    const { account, oldEmail } = await this.dataSource.transaction(async (manager) => {
      const { account: found, payload } = await this.accounts.consumeToken(manager, centre.id, token, 'email-change');
      if (!payload) throw new DomainError('TOKEN_INVALID', 400);
      const email = cipher.openText({ table: 'account_token', id: found.id, column: 'newEmail' }, payload);
      if (await this.accounts.findByEmail(manager, cipher, email)) throw conflict('EMAIL_TAKEN', [{ field: 'email', code: 'EMAIL_TAKEN' }]);
      const previous = this.accounts.open(cipher, found).email;
      await manager.update(UserAccount, { id: found.id }, {
        emailIndex: this.accounts.emailIndex(cipher, email),
        sealedEmail: cipher.seal(accountAad(found.id, 'email'), email),
        emailConfirmedAt: new Date(),
        updatedAt: new Date(),
      });
      return { account: found, oldEmail: previous };
    });
    await this.audit.record({ type: 'user', id: account.id, centreId: centre.id }, { action: 'email.changed' });
    this.notifications.notifyLater({ email: oldEmail, locale: account.locale }, KERNEL_TEMPLATES['email-changed'], {
      centreName: centre.name,
      link: this.links.portal(centre.slug, 'impressum'),
    });
  }

  /** DSGVO Art. 15/20: everything stored about the person, machine-readable. */
  async export(centre: ResolvedCentre, principal: Principal): Promise<Record<string, unknown>> {
    const profile = await this.profile(principal);
    const account = await this.load(principal);
    const sections: Record<string, unknown> = {};
    const subject = { centreId: account.centreId, userId: account.id };
    for (const contributor of this.registry.all()) sections[contributor.section] = await contributor.export(subject, this.dataSource.manager);
    return {
      format: 'beradig-export/1',
      exportedAt: new Date().toISOString(),
      centre: { slug: centre.slug, name: centre.name },
      account: {
        role: profile.role,
        username: profile.username,
        email: profile.email,
        displayName: profile.displayName,
        locale: profile.locale,
        createdAt: profile.createdAt,
        emailConfirmedAt: account.emailConfirmedAt?.toISOString() ?? null,
        privacyAcceptedAt: account.privacyAcceptedAt?.toISOString() ?? null,
        lastLoginAt: account.lastLoginAt?.toISOString() ?? null,
        twoFactorEnabled: profile.twoFactor.enabled,
      },
      ...sections,
    };
  }

  async deleteOwn(principal: Principal, password: string, res: Response): Promise<void> {
    const account = await this.load(principal);
    await this.requirePassword(account, password);
    await this.dataSource.transaction(async (manager) => {
      await this.accounts.guardLastAdmin(manager, account);
      await this.eraser.erase(manager, account);
      await this.audit.record({ type: 'user', id: null, centreId: account.centreId }, { action: 'account.deleted-by-owner' }, manager);
    });
    await this.eraser.afterErase(account);
    this.sessions.clearCookie(res);
  }

  async beginTwoFactor(centre: ResolvedCentre, principal: Principal): Promise<TotpSetup> {
    const account = await this.load(principal);
    if (account.role === 'client') throw new DomainError('FORBIDDEN', 403);
    if (account.totpEnabledAt) throw conflict('TWO_FACTOR_ACTIVE');
    const cipher = await this.crypto.forCentre(account.centreId);
    const opened = this.accounts.open(cipher, account);
    return this.totp.begin(staffVault(cipher), account, opened.email, `BeraDIG ${centre.name}`);
  }

  async confirmTwoFactor(session: RequestSession, code: string): Promise<{ recoveryCodes: string[] }> {
    const account = await this.load(session.principal);
    const cipher = await this.crypto.forCentre(account.centreId);
    const codes = await this.totp.confirm(staffVault(cipher), account, code.replace(/\s/g, ''));
    if (!codes) throw invalid([{ field: 'code', code: 'field.totpWrong' }], 'TOTP_INVALID');
    if (session.twoFactorSetupPending) await this.sessions.completeTwoFactorSetup(session.id);
    await this.audit.record(actorOf(session.principal), { action: 'two-factor.enabled' });
    return { recoveryCodes: codes };
  }

  async disableTwoFactor(principal: Principal, password: string): Promise<void> {
    const account = await this.load(principal);
    await this.requirePassword(account, password);
    if (await this.accounts.twoFactorRequired(account.centreId)) throw conflict('TWO_FACTOR_REQUIRED');
    const cipher = await this.crypto.forCentre(account.centreId);
    await this.dataSource.transaction((manager) => this.totp.disable(manager, staffVault(cipher), account));
    await this.audit.record(actorOf(principal), { action: 'two-factor.disabled' });
  }

  async newRecoveryCodes(principal: Principal, password: string): Promise<{ recoveryCodes: string[] }> {
    const account = await this.load(principal);
    await this.requirePassword(account, password);
    if (!account.totpEnabledAt) throw conflict('TWO_FACTOR_INACTIVE');
    const cipher = await this.crypto.forCentre(account.centreId);
    const recoveryCodes = await this.dataSource.transaction((manager) => this.totp.replaceRecoveryCodes(manager, staffVault(cipher), account));
    return { recoveryCodes };
  }
}
