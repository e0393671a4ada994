import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, LessThan, Not } from 'typeorm';

import type { ResolvedCentre } from '../common/request.js';
import { CryptoService } from '../crypto/crypto.service.js';
import { AccountService } from '../identity/accounts/account.service.js';
import { UserAccount } from '../identity/accounts/user-account.entity.js';
import { RateLimiter } from '../limits/rate-limiter.js';
import { Links, type PortalPage } from '../notifications/links.js';
import { type CalendarPart, NotificationService } from '../notifications/notification.service.js';
import { KERNEL_TEMPLATES, type NotificationTemplate } from '../notifications/templates.js';
import { Centre } from '../tenancy/centre.entity.js';
import { errorFields } from '../common/error-fields.js';

const START_PAGE: Record<string, PortalPage> = { client: 'start', counsellor: 'beratung', admin: 'verwaltung' };

/**
 * Content-free e-mail about activity, as each person chose: at once, at most hourly (digest),
 * or not at all (staff only). Never says what was written, only that something arrived.
 */
@Injectable()
export class ActivityNotifier {
  private readonly logger = new Logger(ActivityNotifier.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly accounts: AccountService,
    private readonly notifications: NotificationService,
    private readonly links: Links,
    private readonly limiter: RateLimiter,
  ) {}

  /**
   * `template.digest`: people who chose the hourly digest get this summed up, not one by one.
   * `template.oncePerMinutes` with `about` (e.g. the case): one e-mail per person and matter in
   * that time, however many events (counted across instances with Redis).
   */
  async notify(centre: ResolvedCentre, userIds: string[], template: NotificationTemplate, about?: string): Promise<void> {
    if (template.oncePerMinutes && about) {
      const due: string[] = [];
      for (const id of userIds) {
        const window = await this.limiter.hit(`notify:${template.kind}:${id}:${about}`, 1, template.oncePerMinutes * 60_000);
        if (window.allowed) due.push(id);
      }
      userIds = due;
    }
    if (userIds.length === 0) return;
    const people = await this.dataSource.getRepository(UserAccount).findBy({ id: In(userIds), centreId: centre.id, status: 'active' });
    const cipher = await this.crypto.forCentre(centre.id);
    for (const person of people) {
      const mode = person.role === 'client' && person.notifyMode === 'off' ? 'each' : person.notifyMode;
      if (mode === 'off') continue;
      if (mode === 'hourly' && template.digest) {
        if (!person.digestPendingSince) await this.dataSource.getRepository(UserAccount).update({ id: person.id, digestPendingSince: IsNull() }, { digestPendingSince: new Date() });
        continue;
      }
      await this.send(centre, cipher, person, template);
    }
  }

  /**
   * At once, whatever each person chose for activity e-mails: for what they asked for or must
   * know now (an appointment booked or cancelled, a reminder, an urgent assignment). Active
   * accounts of this centre only; `extra` may differ per person (their own calendar entry).
   */
  async sendNow(
    centre: ResolvedCentre,
    userIds: readonly string[],
    template: NotificationTemplate,
    extra: (person: { id: string; locale: 'de' | 'en' }) => { values?: Readonly<Record<string, string>>; calendar?: CalendarPart } = () => ({}),
  ): Promise<void> {
    if (userIds.length === 0) return;
    const people = await this.dataSource.getRepository(UserAccount).findBy({ id: In([...userIds]), centreId: centre.id, status: 'active' });
    const cipher = await this.crypto.forCentre(centre.id);
    for (const person of people) {
      const { values, calendar } = extra({ id: person.id, locale: person.locale });
      await this.send(centre, cipher, person, template, values, calendar);
    }
  }

  /** Everyone whose digest is due gets one mail for the last hour's messages. */
  @Cron(CronExpression.EVERY_10_MINUTES)
  async sendDigests(now = new Date()): Promise<number> {
    const due = await this.dataSource.getRepository(UserAccount).findBy({
      digestPendingSince: LessThan(new Date(now.getTime() - 3_600_000 + 60_000)),
      status: 'active',
      notifyMode: Not('off'),
    });
    for (const person of due) {
      const centre = await this.dataSource.getRepository(Centre).findOneBy({ id: person.centreId });
      if (!centre) continue;
      // A suspended centre's people get no mail from it; what is pending goes when it reopens.
      if (centre.suspended) continue;
      const cipher = await this.crypto.forCentre(centre.id);
      await this.send({ id: centre.id, slug: centre.slug, name: centre.name, modules: centre.modules, suspended: centre.suspended }, cipher, person, KERNEL_TEMPLATES['message-digest']);
      await this.dataSource.getRepository(UserAccount).update({ id: person.id }, { digestPendingSince: null });
    }
    return due.length;
  }

  private async send(
    centre: ResolvedCentre,
    cipher: Awaited<ReturnType<CryptoService['forCentre']>>,
    person: UserAccount,
    template: NotificationTemplate,
    values?: Readonly<Record<string, string>>,
    calendar?: CalendarPart,
  ): Promise<void> {
    try {
      const { email } = this.accounts.open(cipher, person);
      await this.notifications.notify(
        { email, locale: person.locale },
        template,
        { centreName: centre.name, link: this.links.portal(centre.slug, START_PAGE[person.role] ?? ''), values },
        calendar,
      );
    } catch (error) {
      this.logger.warn({ kind: template.kind, err: errorFields(error) }, 'activity notification failed');
    }
  }

  /** The centre's admins, for what only they handle (new enquiries, absent counsellors). */
  async admins(centreId: string): Promise<string[]> {
    const rows = await this.dataSource.getRepository(UserAccount).find({ where: { centreId, role: 'admin', status: 'active' }, select: { id: true } });
    return rows.map((r) => r.id);
  }
}
