import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull, LessThan } from 'typeorm';

import { actorOf, AuditService, SYSTEM } from '../../audit/audit.service.js';
import { conflict, DomainError, invalid } from '../../common/domain-error.js';
import type { Locale } from '../../common/locale.js';
import type { ResolvedCentre } from '../../common/request.js';
import { AppConfig } from '../../config/app-config.js';
import { REALTIME_EVENTS } from '../../contracts/cases.js';
import { type CentreCipher, CryptoService } from '../../crypto/crypto.service.js';
import { isUniqueViolation } from '../../database/sql.js';
import { Links } from '../../notifications/links.js';
import { NotificationService } from '../../notifications/notification.service.js';
import { KERNEL_TEMPLATES } from '../../notifications/templates.js';
import { RealtimeService } from '../../realtime/realtime.service.js';
import { AccountEraser } from '../accounts/account-eraser.service.js';
import { AccountService } from '../accounts/account.service.js';
import { PasswordPolicy } from '../accounts/password-policy.js';
import { PasswordService } from '../accounts/password.service.js';
import { UserAccount } from '../accounts/user-account.entity.js';
import type { PasswordResetDto, RegistrationDto } from './dto.js';
import { errorFields } from '../../common/error-fields.js';

export const REGISTRATION_LINK_HOURS = 48;
export const PASSWORD_RESET_LINK_HOURS = 1;
export const ACCOUNT_REGISTERED = 'account.registered';

/**
 * Awaited at a confirmation, before ACCOUNT_REGISTERED: a feature that already counsels the new
 * client (an anonymous chat they registered from) assigns their case here, so the round robins
 * that listen to ACCOUNT_REGISTERED find it assigned. A listener's failure does not stop the
 * confirmation.
 */
export const ACCOUNT_CONFIRMED = 'account.confirmed';

export interface AccountRegisteredEvent {
  centreId: string;
  userId: string;
}

/**
 * Clients sign themselves up (double opt-in); anyone may ask for a new password. Answers never
 * reveal whether an address is registered: the same 202, the same work, and the owner of an
 * existing address gets a mail instead.
 */
@Injectable()
export class RegistrationService {
  private readonly logger = new Logger(RegistrationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly accounts: AccountService,
    private readonly passwords: PasswordService,
    private readonly policy: PasswordPolicy,
    private readonly notifications: NotificationService,
    private readonly links: Links,
    private readonly audit: AuditService,
    private readonly eraser: AccountEraser,
    private readonly events: EventEmitter2,
    private readonly config: AppConfig,
    private readonly realtime: RealtimeService,
  ) {}

  /**
   * Returns the id of the account stored for the registration — also for a known address (whose
   * stray registration runs out): the id is for the server (e.g. to attach an anonymous chat
   * until the link is followed), never for the answer.
   */
  async register(centre: ResolvedCentre, dto: RegistrationDto): Promise<{ accountId: string }> {
    const problems = this.policy.check(dto.password, { email: dto.email, username: dto.username });
    if (problems.length > 0) throw invalid(problems);
    const passwordHash = await this.passwords.hash(dto.password);
    const cipher = await this.crypto.forCentre(centre.id);
    const locale = dto.locale ?? 'de';

    // Two registrations with the same address or name at the same moment: the one refused by
    // the unique index runs again and then answers like any later one.
    const attempt = () => this.dataSource.transaction((manager) => this.storeRegistration(manager, centre, cipher, dto, passwordHash, locale));
    const retryOnce = (error: unknown) => {
      if (!isUniqueViolation(error)) throw error;
      return attempt();
    };
    const outcome = await attempt().catch(retryOnce).catch(retryOnce);

    const recipient = { email: dto.email, locale };
    if (outcome.kind === 'created') {
      this.notifications.notifyLater(recipient, KERNEL_TEMPLATES['registration-confirm'], {
        centreName: centre.name,
        link: this.links.portal(centre.slug, 'bestaetigen', outcome.token),
        validHours: REGISTRATION_LINK_HOURS,
      });
    } else {
      this.notifications.notifyLater(recipient, KERNEL_TEMPLATES['registration-exists'], {
        centreName: centre.name,
        link: this.links.portal(centre.slug, 'passwort-vergessen'),
      });
    }
    return { accountId: outcome.accountId };
  }

  /**
   * Stores the registration under the index of unconfirmed registrations — whether or not the
   * address already has an account here, so the same rows and the same work either way: the
   * username is held alike (a second registration with it is refused alike), and a login with
   * it answers alike. Only the e-mail differs: a link for a new address, a notice to the owner
   * of a known one (whose registration then simply runs out). The address answers at the
   * login only once its owner followed the link.
   */
  private async storeRegistration(
    manager: EntityManager,
    centre: ResolvedCentre,
    cipher: CentreCipher,
    dto: RegistrationDto,
    passwordHash: string,
    locale: Locale,
  ): Promise<{ kind: 'exists' | 'created'; token: string; accountId: string }> {
    const byEmail = await this.accounts.findByEmail(manager, cipher, dto.email);
    const unconfirmed = (a: UserAccount | null) => a?.role === 'client' && a.status === 'pending' && !a.emailConfirmedAt;
    // An earlier registration with this address, not yet confirmed (stored under the address's
    // own index by versions before the index of unconfirmed registrations).
    const earlier = (await this.accounts.findUnconfirmed(manager, cipher, dto.email, 'registration')) ?? (unconfirmed(byEmail) ? byEmail : null);
    const byName = await this.accounts.findByUsername(manager, cipher, dto.username);
    // The username first, whatever the address: answering "taken" only for unknown addresses
    // would tell anyone holding a username which addresses have an account here.
    if (byName && byName.id !== earlier?.id) {
      throw conflict('USERNAME_TAKEN', [{ field: 'username', code: 'USERNAME_TAKEN' }]);
    }
    // Registering again before confirming starts over (new password, new link).
    if (earlier) await manager.delete(UserAccount, { id: earlier.id });
    const account = await this.accounts.create(manager, cipher, {
      role: 'client',
      email: dto.email,
      username: dto.username,
      passwordHash,
      status: 'pending',
      privacyAcceptedAt: new Date(),
      locale,
      unconfirmed: 'registration',
    });
    const token = await this.accounts.issueToken(manager, account, 'registration', REGISTRATION_LINK_HOURS);
    await this.audit.record({ type: 'anonymous', id: null, centreId: centre.id }, { action: 'registration', target: { type: 'user', id: account.id } }, manager);
    return { kind: byEmail && !unconfirmed(byEmail) ? 'exists' : 'created', token, accountId: account.id };
  }

  async confirm(centre: ResolvedCentre, token: string): Promise<void> {
    const cipher = await this.crypto.forCentre(centre.id);
    const account = await this.dataSource.transaction(async (manager) => {
      const { account: found } = await this.accounts.consumeToken(manager, centre.id, token, 'registration');
      if (found.status !== 'pending') throw new DomainError('TOKEN_INVALID', 400);
      await manager.update(UserAccount, { id: found.id }, {
        status: 'active',
        emailConfirmedAt: new Date(),
        emailIndex: await this.accounts.confirmAddress(manager, cipher, found),
        updatedAt: new Date(),
      });
      return found;
    });
    const principal = { type: 'user' as const, id: account.id, role: account.role, centreId: centre.id };
    await this.audit.record(actorOf(principal), { action: 'registration.confirmed' });
    const event: AccountRegisteredEvent = { centreId: centre.id, userId: account.id };
    await this.events.emitAsync(ACCOUNT_CONFIRMED, event).catch((error: unknown) => this.logger.warn({ err: errorFields(error) }, 'a listener of the confirmation failed'));
    this.events.emit(ACCOUNT_REGISTERED, event);
    // The admins' consoles update at once (that someone registered, not who).
    this.realtime.toAdmins(centre.id, REALTIME_EVENTS.registration, {});
  }

  /** Always the same answer, at the same speed: the lookup and the mail happen afterwards. */
  requestPasswordReset(centre: ResolvedCentre, email: string): void {
    setImmediate(() => {
      this.sendPasswordReset(centre, email).catch((error: unknown) =>
        this.logger.warn({ err: errorFields(error) }, 'password reset failed'),
      );
    });
  }

  private async sendPasswordReset(centre: ResolvedCentre, email: string): Promise<void> {
    const cipher = await this.crypto.forCentre(centre.id);
    const token = await this.dataSource.transaction(async (manager) => {
      const account = await this.accounts.findByEmail(manager, cipher, email);
      if (!account || account.status !== 'active' || !account.emailConfirmedAt) return null;
      return { token: await this.accounts.issueToken(manager, account, 'password-reset', PASSWORD_RESET_LINK_HOURS), locale: account.locale };
    });
    if (!token) return;
    await this.notifications.notify({ email, locale: token.locale }, KERNEL_TEMPLATES['password-reset'], {
      centreName: centre.name,
      link: this.links.portal(centre.slug, 'passwort-neu', token.token),
      validHours: PASSWORD_RESET_LINK_HOURS,
    });
  }

  async resetPassword(centre: ResolvedCentre, dto: PasswordResetDto): Promise<void> {
    const problems = this.policy.check(dto.password);
    if (problems.length > 0) throw invalid(problems);
    const passwordHash = await this.passwords.hash(dto.password);
    const cipher = await this.crypto.forCentre(centre.id);
    const account = await this.dataSource.transaction(async (manager) => {
      const { account: found } = await this.accounts.consumeToken(manager, centre.id, dto.token, 'password-reset');
      await manager.update(UserAccount, { id: found.id }, { passwordHash, updatedAt: new Date() });
      await this.accounts.revokeTakeoverTokens(manager, found.id);
      await this.accounts.liftLocks(manager, cipher, found);
      return found;
    });
    await this.eraser.endSessions(account.id);
    await this.audit.record({ type: 'user', id: account.id, centreId: centre.id }, { action: 'password.reset' });
  }

  /** Registrations nobody confirmed are deleted after REGISTRATION_PURGE_DAYS (default 7). */
  @Cron(CronExpression.EVERY_HOUR)
  async purgeUnconfirmed(): Promise<number> {
    return this.purgeUnconfirmedBefore(new Date(Date.now() - this.config.registrationPurgeDays * 86_400_000));
  }

  async purgeUnconfirmedBefore(before: Date, centreId?: string): Promise<number> {
    const stale = await this.dataSource.getRepository(UserAccount).find({
      where: { role: 'client', status: 'pending', emailConfirmedAt: IsNull(), createdAt: LessThan(before), ...(centreId ? { centreId } : {}) },
      select: { id: true, centreId: true },
    });
    for (const account of stale) {
      await this.dataSource.transaction((manager) => this.eraser.erase(manager, account));
      await this.eraser.afterErase(account);
      await this.audit.record({ ...SYSTEM, centreId: account.centreId }, { action: 'registration.purged' });
    }
    if (stale.length > 0) this.logger.log(`Purged ${stale.length} unconfirmed registration(s)`);
    return stale.length;
  }
}
