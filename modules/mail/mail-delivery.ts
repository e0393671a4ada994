import { Injectable, Logger } from '@nestjs/common';

import {
  AbsenceService,
  ActivityNotifier,
  CasesService,
  CountingDebouncer,
  DisplayNames,
  errorFields,
  type Principal,
  REALTIME_EVENTS,
  RealtimeService,
  type ResolvedCentre,
} from '#kernel';

import { MAIL_EVENTS, type MailMessageView } from './contracts.js';

import { MailActivity } from './mail-activity.js';
import { MAIL_TEMPLATES } from './templates.js';

/** Unread badges and the e-mail notice follow within a second, as in chat. */
const UNREAD_WINDOW_MS = 1000;

export interface PostedMessage {
  id: string;
  caseId: string;
  authorId: string;
  authorRole: 'client' | 'counsellor' | 'admin';
  text: string;
  createdAt: Date;
}

/**
 * What happens after a message is stored: the readers' sockets get it at once; unread counts,
 * e-mail and the absence assistant's hand-over to the admin follow without holding up the answer.
 */
@Injectable()
export class MailDelivery {
  private readonly logger = new Logger(MailDelivery.name);
  private readonly warn = (what: string) => (error: unknown) =>
    this.logger.warn({ err: errorFields(error) }, what);
  /**
   * Unread counts and the "you have a new message" e-mail, per reader and thread. Messages that
   * arrive close together are counted once: a busy thread costs one query per reader every
   * few hundred milliseconds, not one per message.
   */
  private readonly unread = new CountingDebouncer(UNREAD_WINDOW_MS, this.warn('unread count failed'));

  constructor(
    private readonly names: DisplayNames,
    private readonly realtime: RealtimeService,
    private readonly notifier: ActivityNotifier,
    private readonly activity: MailActivity,
    private readonly cases: CasesService,
    private readonly absence: AbsenceService,
  ) {}

  async afterPost(
    centre: ResolvedCentre,
    posted: { message: PostedMessage; counsellorId: string | null; members?: string[]; counsellorAbsent?: boolean; isEnquiry: boolean },
  ): Promise<MailMessageView> {
    const { message, counsellorId } = posted;
    const name = message.authorRole === 'admin' ? '' : ((await this.names.of(centre.id, [message.authorId])).get(message.authorId) ?? '');
    const view: MailMessageView = {
      id: message.id,
      caseId: message.caseId,
      author: { id: message.authorId, name, role: message.authorRole },
      text: message.text,
      createdAt: message.createdAt.toISOString(),
      mine: false,
    };
    const members = posted.members ?? (await this.cases.memberIds(message.caseId));
    const readers = [...members, ...(counsellorId ? [counsellorId] : [])];
    this.realtime.toUsers(readers, MAIL_EVENTS.message, view);
    setImmediate(() => {
      this.followUp(centre, posted, readers.filter((r) => r !== message.authorId)).catch((error: unknown) =>
        this.logger.warn({ err: errorFields(error) }, 'message follow-up failed'),
      );
    });
    return view;
  }

  /** My unread count for a case changed (I read it): tell my other tabs and devices. */
  unreadChanged(principal: Principal, caseId: string): void {
    this.realtime.toUsers([principal.id], MAIL_EVENTS.unread, { caseId, unread: 0 });
  }

  private async followUp(
    centre: ResolvedCentre,
    posted: { message: PostedMessage; counsellorId: string | null; counsellorAbsent?: boolean; isEnquiry: boolean },
    recipients: string[],
  ): Promise<void> {
    const { message, counsellorId, isEnquiry } = posted;
    this.cases.recordActivity(message.caseId, message.createdAt);
    for (const userId of recipients) {
      const reader: Principal = { type: 'user', id: userId, role: userId === counsellorId ? 'counsellor' : 'client', centreId: centre.id };
      this.unread.add(`${message.caseId}:${userId}`, (arrived) => this.flushUnread(centre, message.caseId, reader, arrived));
    }

    if (message.authorRole !== 'client') return;
    if (!counsellorId) {
      // Not assigned yet: the administration handles it (new enquiry or a follow-up to one).
      this.realtime.toAdmins(centre.id, isEnquiry ? REALTIME_EVENTS.caseNew : REALTIME_EVENTS.caseUpdated, { caseId: message.caseId });
      if (isEnquiry) await this.notifier.notify(centre, await this.notifier.admins(centre.id), MAIL_TEMPLATES['new-enquiry']);
    } else if (posted.counsellorAbsent ?? (await this.absence.isAbsent(centre.id, counsellorId))) {
      // The absence assistant hands over to the admin: that a message arrived, never what it says.
      this.realtime.toAdmins(centre.id, MAIL_EVENTS.absentMessage, { caseId: message.caseId });
      await this.notifier.notify(centre, await this.notifier.admins(centre.id), MAIL_TEMPLATES['absent-message'], message.caseId);
    }
  }

  private async flushUnread(centre: ResolvedCentre, caseId: string, reader: Principal, arrived: number): Promise<void> {
    const unread = (await this.activity.unreadCounts(reader, [caseId])).get(caseId) ?? 0;
    this.realtime.toUsers([reader.id], MAIL_EVENTS.unread, { caseId, unread });
    // One e-mail when the thread goes from read to unread (everything unread came just now),
    // not one per message.
    if (unread > 0 && unread <= arrived) await this.notifier.notify(centre, [reader.id], MAIL_TEMPLATES['new-message']);
  }
}
