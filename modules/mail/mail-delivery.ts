import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import {
  AbsenceService,
  ActivityNotifier,
  CaseMember,
  CasesService,
  CounsellingCase,
  CryptoService,
  type MailMessageView,
  type Principal,
  REALTIME_EVENTS,
  RealtimeService,
  type ResolvedCentre,
  UserAccount,
} from '#kernel';

import { MailActivity } from './mail-activity.js';

export interface PostedMessage {
  id: string;
  caseId: string;
  authorId: string;
  authorRole: 'client' | 'counsellor' | 'admin';
  text: string;
  createdAt: Date;
}

const NAME_TTL_MS = 60_000;

/**
 * What happens after a message is stored: the readers' sockets get it at once; unread counts,
 * e-mail and the absence assistant's hand-over to the admin follow without holding up the answer.
 */
@Injectable()
export class MailDelivery {
  private readonly logger = new Logger(MailDelivery.name);
  private readonly names = new Map<string, { name: string; at: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly cases: CasesService,
    private readonly absences: AbsenceService,
    private readonly realtime: RealtimeService,
    private readonly notifier: ActivityNotifier,
    private readonly activity: MailActivity,
  ) {}

  async afterPost(centre: ResolvedCentre, posted: { message: PostedMessage; counsellorId: string | null; isEnquiry: boolean }): Promise<MailMessageView> {
    const { message, counsellorId } = posted;
    const view: MailMessageView = {
      id: message.id,
      caseId: message.caseId,
      author: { id: message.authorId, name: message.authorRole === 'admin' ? '' : await this.nameOf(centre.id, message.authorId), role: message.authorRole },
      text: message.text,
      createdAt: message.createdAt.toISOString(),
      mine: false,
    };
    const members = await this.dataSource.getRepository(CaseMember).find({ where: { caseId: message.caseId }, select: { userId: true } });
    const readers = [...members.map((m) => m.userId), ...(counsellorId ? [counsellorId] : [])];
    this.realtime.toUsers(readers, REALTIME_EVENTS.message, view);
    setImmediate(() => {
      this.followUp(centre, posted, readers.filter((r) => r !== message.authorId)).catch((error: unknown) =>
        this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'message follow-up failed'),
      );
    });
    return view;
  }

  /** My unread count for a case changed (I read it): tell my other tabs and devices. */
  unreadChanged(principal: Principal, caseId: string): void {
    this.realtime.toUsers([principal.id], REALTIME_EVENTS.unread, { caseId, unread: 0 });
  }

  private async followUp(centre: ResolvedCentre, posted: { message: PostedMessage; counsellorId: string | null; isEnquiry: boolean }, recipients: string[]): Promise<void> {
    const { message, counsellorId, isEnquiry } = posted;
    await this.dataSource.getRepository(CounsellingCase).update({ id: message.caseId }, { lastActivityAt: message.createdAt });
    const firstUnread: string[] = [];
    for (const userId of recipients) {
      const principal: Principal = { type: 'user', id: userId, role: userId === counsellorId ? 'counsellor' : 'client', centreId: centre.id };
      const unread = (await this.activity.unreadCounts(principal, [message.caseId])).get(message.caseId) ?? 0;
      this.realtime.toUsers([userId], REALTIME_EVENTS.unread, { caseId: message.caseId, unread });
      // One e-mail when a thread goes from read to unread, not one per message.
      if (unread === 1) firstUnread.push(userId);
    }
    await this.notifier.notify(centre, firstUnread);

    if (message.authorRole !== 'client') return;
    if (!counsellorId) {
      // Not assigned yet: the administration handles it (new enquiry or a follow-up to one).
      this.realtime.toAdmins(centre.id, isEnquiry ? REALTIME_EVENTS.caseNew : REALTIME_EVENTS.caseUpdated, { caseId: message.caseId });
      if (isEnquiry) await this.notifier.notify(centre, await this.notifier.admins(centre.id), 'new-enquiry');
    } else if (await this.absences.isAbsent(centre.id, counsellorId)) {
      // The absence assistant hands over to the admin: that a message arrived, never what it says.
      this.realtime.toAdmins(centre.id, REALTIME_EVENTS.absentMessage, { caseId: message.caseId });
      await this.notifier.notify(centre, await this.notifier.admins(centre.id), 'absent-message');
    }
  }

  private async nameOf(centreId: string, userId: string): Promise<string> {
    const cached = this.names.get(userId);
    if (cached && Date.now() - cached.at < NAME_TTL_MS) return cached.name;
    const account = await this.dataSource.getRepository(UserAccount).findOneBy({ id: userId });
    const name = account ? this.cases.displayName(await this.crypto.forCentre(centreId), account) : '';
    this.names.set(userId, { name, at: Date.now() });
    return name;
  }
}
