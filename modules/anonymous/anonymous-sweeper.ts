import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, LessThan, Not } from 'typeorm';

import { AppConfig, errorFields, GUEST_SESSION_ENDED, type GuestSessionEndedEvent, intSetting, REGISTRATION_LINK_HOURS } from '#kernel';

import { AnonymousChat, AnonymousVisitor } from './anonymous.entities.js';
import { DutyService } from './duty.service.js';
import { LiveChatService } from './live-chat.service.js';
import { TopicService } from './topics.service.js';
import { VisitorService } from './visitors.service.js';

const SWEEP_MS = 30_000;

/**
 * What nobody ends by hand ends here: duties that ran out (and the queue, if nobody staffs it
 * any more), chats whose visitor went away (no activity for ANONYMOUS_ABANDON_MINUTES), visitors
 * whose session is over, registrations from a chat nobody confirmed in time, topic windows that
 * passed and their histories. Rows are deleted, not flagged. Every instance sweeps; each step
 * is safe to run twice.
 */
@Injectable()
export class AnonymousSweeper {
  private readonly logger = new Logger(AnonymousSweeper.name);
  private readonly abandonMinutes: number;
  private readonly visitorIdleMinutes: number;
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly duty: DutyService,
    private readonly live: LiveChatService,
    private readonly topics: TopicService,
    private readonly visitors: VisitorService,
    config: AppConfig,
  ) {
    this.abandonMinutes = intSetting(config, 'ANONYMOUS_ABANDON_MINUTES', 10, { min: 1, max: 24 * 60 });
    // A guest session idles out after SESSION_IDLE_MINUTES: so does the visitor it belonged to.
    this.visitorIdleMinutes = Math.max(config.sessionIdleMinutes, this.abandonMinutes);
  }

  @Interval(SWEEP_MS)
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.sweep();
    } catch (error) {
      this.logger.warn({ err: errorFields(error) }, 'anonymous sweep failed');
    } finally {
      this.running = false;
    }
  }

  async sweep(now = new Date()): Promise<void> {
    for (const centreId of await this.duty.expire(now)) await this.live.closeQueueIfUnstaffed(centreId);
    await this.abandoned(now);
    await this.goneVisitors(now);
    await this.unconfirmed(now);
    await this.topics.closeEnded(now);
    await this.topics.eraseHistories(now);
  }

  /** Live chats whose visitor has not been seen for the abandon time. */
  private async abandoned(now: Date): Promise<void> {
    const quiet = await this.dataSource.getRepository(AnonymousVisitor).find({ where: { lastSeenAt: LessThan(new Date(now.getTime() - this.abandonMinutes * 60_000)) }, select: { id: true, centreId: true }, take: 1000 });
    if (quiet.length === 0) return;
    const chats = await this.dataSource.getRepository(AnonymousChat).findBy({ visitorId: In(quiet.map((v) => v.id)), status: In(['waiting', 'active']) });
    for (const chat of chats) await this.live.finish(chat, 'abandoned');
  }

  /** Visitors whose session must be over: their row goes, and what hangs on it. */
  private async goneVisitors(now: Date): Promise<void> {
    const gone = await this.dataSource.getRepository(AnonymousVisitor).find({ where: { lastSeenAt: LessThan(new Date(now.getTime() - this.visitorIdleMinutes * 60_000)) }, select: { id: true, centreId: true }, take: 1000 });
    for (const visitor of gone) await this.eraseVisitor(visitor.centreId, visitor.id);
  }

  /** Chats kept for a registration whose link ran out unconfirmed. */
  private async unconfirmed(now: Date): Promise<void> {
    await this.dataSource.getRepository(AnonymousChat).delete({
      status: 'ended',
      pendingAccountId: Not(IsNull()),
      clientId: IsNull(),
      endedAt: LessThan(new Date(now.getTime() - REGISTRATION_LINK_HOURS * 3_600_000)),
    });
  }

  /** The quick exit (or a new guest session): the visitor and their live chat go at once. */
  @OnEvent(GUEST_SESSION_ENDED, { async: true, promisify: true })
  async guestEnded(event: GuestSessionEndedEvent): Promise<void> {
    try {
      await this.eraseVisitor(event.centreId, event.guestId, 'visitor');
    } catch (error) {
      this.logger.warn({ err: errorFields(error) }, 'erasing an anonymous visitor failed');
    }
  }

  private async eraseVisitor(centreId: string, visitorId: string, reason: 'visitor' | 'abandoned' = 'abandoned'): Promise<void> {
    await this.live.endForVisitor(centreId, visitorId, reason);
    await this.topics.forgetVisitors([visitorId]);
    // Memberships a host removed go with the visitor (the session they kept out is over).
    await this.dataSource.getRepository(AnonymousVisitor).delete({ id: visitorId, centreId });
    this.visitors.forget(visitorId);
  }
}
