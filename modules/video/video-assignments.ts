import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';

import { CASE_ASSIGNED, type CaseAssignedEvent, RealtimeService } from '#kernel';

import { VIDEO_EVENTS } from './contracts.js';
import { VideoInvitee, VideoRoom } from './video.entities.js';

/**
 * A client whose case goes to another counsellor loses access to the previous counsellor's
 * rooms: a counsellor's rooms are for their own clients. (Joining checks it again.)
 */
@Injectable()
export class VideoAssignments {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly realtime: RealtimeService,
  ) {}

  @OnEvent(CASE_ASSIGNED, { async: true, suppressErrors: true })
  async reassigned(event: CaseAssignedEvent): Promise<void> {
    if (!event.previousCounsellorId || event.kind !== 'individual' || event.memberIds.length === 0) return;
    const rooms = await this.dataSource.getRepository(VideoRoom).find({ where: { counsellorId: event.previousCounsellorId, centreId: event.centreId }, select: { id: true } });
    if (rooms.length === 0) return;
    const places = await this.dataSource.getRepository(VideoInvitee).find({ where: { roomId: In(rooms.map((r) => r.id)), userId: In([...event.memberIds]) } });
    for (const place of places) {
      await this.dataSource.getRepository(VideoInvitee).delete({ roomId: place.roomId, userId: place.userId });
      this.realtime.toUsers([place.userId], VIDEO_EVENTS.roomRemoved, { roomId: place.roomId });
    }
  }
}
