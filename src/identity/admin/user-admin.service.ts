import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type FindOptionsWhere, In, IsNull } from 'typeorm';

import { actorOf, AuditService } from '../../audit/audit.service.js';
import { conflict, notFound } from '../../common/domain-error.js';
import type { Principal, ResolvedCentre } from '../../common/request.js';
import { CryptoService } from '../../crypto/crypto.service.js';
import { Links } from '../../notifications/links.js';
import { NotificationService } from '../../notifications/notification.service.js';
import { KERNEL_TEMPLATES } from '../../notifications/templates.js';
import { PersonalDataRegistry } from '../../privacy/personal-data.port.js';
import { Centre } from '../../tenancy/centre.entity.js';
import { AccountEraser } from '../accounts/account-eraser.service.js';
import { AccountService, INVITATION_VALID_HOURS } from '../accounts/account.service.js';
import { UserAccount } from '../accounts/user-account.entity.js';
import { RegistrationService } from '../registration/registration.service.js';
import { SessionService } from '../sessions/session.service.js';
import type { CentreSettingsDto, CreateStaffDto, UserQueryDto, UserSummary } from './dto.js';

/** The centre admin's user management. Object-level: every id is looked up within the centre. */
@Injectable()
export class UserAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly accounts: AccountService,
    private readonly sessions: SessionService,
    private readonly eraser: AccountEraser,
    private readonly registry: PersonalDataRegistry,
    private readonly registration: RegistrationService,
    private readonly notifications: NotificationService,
    private readonly links: Links,
    private readonly audit: AuditService,
  ) {}

  async createStaff(centre: ResolvedCentre, actor: Principal, dto: CreateStaffDto): Promise<UserSummary> {
    const cipher = await this.crypto.forCentre(centre.id);
    const { account, token } = await this.dataSource.transaction(async (manager) => {
      // A colleague's address, or one already invited, is on the admin's list anyway: said.
      // A client's address is not the admin's to learn (clients are listed by pseudonym):
      // the invitation is made as for a new address, kept under the index of unconfirmed
      // invitations, and only the address's owner learns, on accepting, that it is in use.
      const holder = await this.accounts.findByEmail(manager, cipher, dto.email);
      if ((holder && holder.role !== 'client') || (await this.accounts.findUnconfirmed(manager, cipher, dto.email, 'invitation'))) {
        throw conflict('EMAIL_TAKEN', [{ field: 'email', code: 'EMAIL_TAKEN' }]);
      }
      const created = await this.accounts.create(manager, cipher, {
        role: dto.role,
        email: dto.email,
        displayName: dto.name,
        status: 'pending',
        unconfirmed: 'invitation',
      });
      const issued = await this.accounts.issueToken(manager, created, 'invitation', INVITATION_VALID_HOURS);
      await this.audit.record(actorOf(actor), { action: 'staff.invited', target: { type: 'user', id: created.id } }, manager);
      return { account: created, token: issued };
    });
    await this.sendInvitation(centre, dto.email, token);
    return (await this.summaries(centre, [account]))[0]!;
  }

  async resendInvitation(centre: ResolvedCentre, actor: Principal, userId: string): Promise<void> {
    const account = await this.find(centre, userId);
    if (account.status !== 'pending' || account.role === 'client') throw conflict('NOT_INVITED');
    const token = await this.dataSource.transaction((manager) => this.accounts.issueToken(manager, account, 'invitation', INVITATION_VALID_HOURS));
    const cipher = await this.crypto.forCentre(centre.id);
    await this.sendInvitation(centre, this.accounts.open(cipher, account).email, token);
    await this.audit.record(actorOf(actor), { action: 'staff.invitation-resent', target: { type: 'user', id: account.id } });
  }

  async list(centre: ResolvedCentre, query: UserQueryDto): Promise<UserSummary[]> {
    const where: FindOptionsWhere<UserAccount> = { centreId: centre.id };
    if (query.role) where.role = query.role;
    if (query.status) where.status = query.status;
    const rows = await this.dataSource.getRepository(UserAccount).find({ where });
    let summaries = await this.summaries(centre, rows);
    if (query.idle) summaries = summaries.filter((s) => s.role === 'client' && s.emailConfirmed && !s.hasWritten);
    return summaries.sort((a, b) => a.role.localeCompare(b.role) || a.name.localeCompare(b.name, 'de'));
  }

  async setActive(centre: ResolvedCentre, actor: Principal, userId: string, active: boolean): Promise<UserSummary> {
    const account = await this.find(centre, userId);
    if (account.id === actor.id) throw conflict('NOT_YOURSELF');
    if (account.status === 'pending') throw conflict('NOT_ACTIVATED');
    await this.dataSource.transaction(async (manager) => {
      if (!active) await this.accounts.guardLastAdmin(manager, account);
      await manager.update(UserAccount, { id: account.id }, { status: active ? 'active' : 'deactivated', updatedAt: new Date() });
      await this.audit.record(actorOf(actor), { action: active ? 'user.reactivated' : 'user.deactivated', target: { type: 'user', id: account.id } }, manager);
    });
    if (!active) await this.sessions.endAllFor(account.id);
    return (await this.summaries(centre, [(await this.find(centre, userId))]))[0]!;
  }

  /** Deletes a person with everything they wrote, irrecoverably. */
  async remove(centre: ResolvedCentre, actor: Principal, userId: string): Promise<void> {
    const account = await this.find(centre, userId);
    if (account.id === actor.id) throw conflict('NOT_YOURSELF');
    await this.dataSource.transaction(async (manager) => {
      await this.accounts.guardLastAdmin(manager, account);
      await this.eraser.erase(manager, account);
      await this.audit.record(actorOf(actor), { action: 'user.deleted' }, manager);
    });
    await this.eraser.afterErase(account);
  }

  /** Removes registrations that were never confirmed within a day. */
  async purgeUnconfirmed(centre: ResolvedCentre, actor: Principal): Promise<{ deleted: number }> {
    const deleted = await this.registration.purgeUnconfirmedBefore(new Date(Date.now() - 86_400_000), centre.id);
    await this.audit.record(actorOf(actor), { action: 'users.purged-unconfirmed' });
    return { deleted };
  }

  async settings(centre: ResolvedCentre): Promise<CentreSettingsDto> {
    const row = await this.dataSource.getRepository(Centre).findOneByOrFail({ id: centre.id });
    return { staffTwoFactorRequired: row.staffTwoFactorRequired };
  }

  async updateSettings(centre: ResolvedCentre, actor: Principal, dto: CentreSettingsDto): Promise<CentreSettingsDto> {
    await this.dataSource.getRepository(Centre).update({ id: centre.id }, { staffTwoFactorRequired: dto.staffTwoFactorRequired, updatedAt: new Date() });
    if (dto.staffTwoFactorRequired) {
      // Staff logged in without a second factor log in again, and may then only set it up.
      // The admin who switched it on keeps their session; their next login asks for it too.
      const without = await this.dataSource.getRepository(UserAccount).find({
        where: { centreId: centre.id, role: In(['admin', 'counsellor']), status: 'active', totpEnabledAt: IsNull() },
        select: { id: true },
      });
      for (const { id } of without) if (id !== actor.id) await this.sessions.endAllFor(id);
    }
    await this.audit.record(actorOf(actor), { action: dto.staffTwoFactorRequired ? 'settings.two-factor-required' : 'settings.two-factor-optional' });
    return this.settings(centre);
  }

  private async find(centre: ResolvedCentre, userId: string): Promise<UserAccount> {
    if (!/^[0-9a-f-]{36}$/i.test(userId)) throw notFound();
    const account = await this.dataSource.getRepository(UserAccount).findOneBy({ id: userId, centreId: centre.id });
    if (!account) throw notFound();
    return account;
  }

  private async summaries(centre: ResolvedCentre, rows: UserAccount[]): Promise<UserSummary[]> {
    if (rows.length === 0) return [];
    const cipher = await this.crypto.forCentre(centre.id);
    const authors = await this.registry.authorsAmong(centre.id, rows.map((r) => r.id));
    return rows.map((row) => {
      const opened = this.accounts.open(cipher, row);
      return {
        id: row.id,
        role: row.role,
        status: row.status,
        name: opened.displayName ?? opened.username ?? '',
        email: row.role === 'client' ? null : opened.email,
        emailConfirmed: !!row.emailConfirmedAt,
        twoFactorEnabled: !!row.totpEnabledAt,
        createdAt: row.createdAt.toISOString(),
        lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
        hasWritten: authors.has(row.id),
      };
    });
  }

  private async sendInvitation(centre: ResolvedCentre, email: string, token: string): Promise<void> {
    await this.notifications.notify({ email, locale: 'de' }, KERNEL_TEMPLATES['staff-invitation'], {
      centreName: centre.name,
      link: this.links.portal(centre.slug, 'einladung', token),
      validHours: INVITATION_VALID_HOURS,
    });
  }
}

