import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { ActivityNotifier, type MailMessageView, type Principal, REALTIME_EVENTS, RealtimeService, type ResolvedCentre, sqlDate } from '#kernel';

import { MailActivity } from './mail-activity.js';
import { AuthorNames } from './names.js';

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

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly names: AuthorNames,
    private readonly realtime: RealtimeService,
    private readonly notifier: ActivityNotifier,
    private readonly activity: MailActivity,
  ) {}

  async afterPost(
    centre: ResolvedCentre,
    posted: { message: PostedMessage; counsellorId: string | null; members?: string[]; isEnquiry: boolean },
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
    const members =
      posted.members ??
      (await this.dataSource.query<{ userId: string }[]>('SELECT userId FROM case_member WHERE caseId = ?', [message.caseId])).map((m) => m.userId);
    const readers = [...members, ...(counsellorId ? [counsellorId] : [])];
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
    await this.dataSource.query('UPDATE counselling_case SET lastActivityAt = ? WHERE id = ?', [sqlDate(message.createdAt), message.caseId]);
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
    } else if (await this.isAbsent(centre.id, counsellorId)) {
      // The absence assistant hands over to the admin: that a message arrived, never what it says.
      this.realtime.toAdmins(centre.id, REALTIME_EVENTS.absentMessage, { caseId: message.caseId });
      await this.notifier.notify(centre, await this.notifier.admins(centre.id), 'absent-message');
    }
  }

  private async isAbsent(centreId: string, counsellorId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>('SELECT 1 AS absent FROM counsellor_absence WHERE userId = ? AND centreId = ? AND enabled = 1', [
      counsellorId,
      centreId,
    ]);
    return rows.length > 0;
  }
}
