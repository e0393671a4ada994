import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AppConfig, type MeetingRoom, MeetingRoomProvider, type Principal, type ResolvedCentre } from '#kernel';

import { VideoInvitee, VideoRoom } from './video.entities.js';
import { VideoService } from './video.service.js';

/** The room a name gets when an appointment makes it (the counsellor can rename it). */
const BOOKED_ROOM_NAME = 'Videotermin';

/**
 * Rooms for appointments of contact type "video" (the kernel's meeting-room port): the
 * counsellor's most recent room the client is invited to, or a new one with the client invited.
 */
@Injectable()
export class VideoMeetingRooms extends MeetingRoomProvider {
  readonly contactType = 'video';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rooms: VideoService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async roomFor(centre: ResolvedCentre, counsellorId: string, clientId: string): Promise<MeetingRoom | null> {
    const existing = await this.dataSource
      .getRepository(VideoRoom)
      .createQueryBuilder('r')
      .innerJoin(VideoInvitee, 'i', 'i.roomId = r.id AND i.userId = :client', { client: clientId })
      .where('r.centreId = :centre AND r.counsellorId = :counsellor', { centre: centre.id, counsellor: counsellorId })
      .orderBy('r.id', 'DESC')
      .getOne();
    const counsellor: Principal = { type: 'user', id: counsellorId, role: 'counsellor', centreId: centre.id };
    const id = existing?.id ?? (await this.rooms.create(centre, counsellor, { name: BOOKED_ROOM_NAME, inviteeIds: [clientId] })).id;
    return { url: `${this.config.publicUrl}/${centre.slug}/video/raum/${id}` };
  }
}
