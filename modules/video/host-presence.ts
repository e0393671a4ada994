import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';

import { errorFields, fromSqlDate, RealtimeService } from '#kernel';

import { HOST_HEARTBEAT_SECONDS, VIDEO_EVENTS, type VideoHostEvent } from './contracts.js';
import { VideoInvitee, VideoRoom } from './video.entities.js';

/** Missing two and a half heartbeats means the counsellor's call page is gone (closed tab, lost network). */
const HOST_TIMEOUT_MS = HOST_HEARTBEAT_SECONDS * 2500;

/**
 * Whether a room's counsellor is in the call: their call page says so every 30 s while it is
 * (and whether it has end-to-end encryption on), and when it leaves. Kept in the room's row, so
 * every instance answers alike; whoever is invited hears of every change at once.
 */
@Injectable()
export class HostPresence {
  private readonly logger = new Logger(HostPresence.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly realtime: RealtimeService,
  ) {}

  static isPresent(room: Pick<VideoRoom, 'hostSeenAt'>, now = Date.now()): boolean {
    return !!room.hostSeenAt && now - fromSqlDate(room.hostSeenAt).getTime() < HOST_TIMEOUT_MS;
  }

  async set(room: VideoRoom, invitees: string[], present: boolean, e2ee: boolean): Promise<void> {
    const was = HostPresence.isPresent(room);
    const wasE2ee = was && !!room.hostE2ee;
    await this.dataSource.getRepository(VideoRoom).update({ id: room.id }, { hostSeenAt: present ? new Date() : null, hostE2ee: present && e2ee });
    if (was !== present || wasE2ee !== (present && e2ee)) this.announce(room, invitees, present, present && e2ee);
  }

  private announce(room: Pick<VideoRoom, 'id' | 'counsellorId'>, invitees: string[], present: boolean, e2ee: boolean): void {
    this.realtime.toUsers([...invitees, room.counsellorId], VIDEO_EVENTS.host, { roomId: room.id, present, e2ee } satisfies VideoHostEvent);
  }

  /**
   * Counsellors whose call page stopped reporting have left. Each room is cleared by a
   * conditional update, so with several instances only the one that cleared it announces it.
   */
  @Interval(HOST_HEARTBEAT_SECONDS * 1000)
  async sweep(now = new Date()): Promise<number> {
    try {
      const cutoff = new Date(now.getTime() - HOST_TIMEOUT_MS);
      const repo = this.dataSource.getRepository(VideoRoom);
      const stale = await repo.find({ where: { hostSeenAt: LessThan(cutoff) }, select: { id: true, counsellorId: true } });
      let cleared = 0;
      for (const room of stale) {
        const { affected } = await repo.update({ id: room.id, hostSeenAt: LessThan(cutoff) }, { hostSeenAt: null, hostE2ee: false });
        if (!affected) continue;
        cleared++;
        const invitees = (await this.dataSource.getRepository(VideoInvitee).find({ where: { roomId: room.id }, select: { userId: true } })).map((i) => i.userId);
        this.announce(room, invitees, false, false);
      }
      return cleared;
    } catch (error) {
      this.logger.warn({ err: errorFields(error) }, 'video host sweep failed');
      return 0;
    }
  }
}
