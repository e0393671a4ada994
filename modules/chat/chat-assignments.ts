import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { CASE_ASSIGNED, type CaseAssignedEvent } from '#kernel';

import { ChatDelivery } from './chat-delivery.js';
import { ChatParticipant, ChatRoom } from './chat.entities.js';

/**
 * A client whose case goes to another counsellor leaves the previous counsellor's chat rooms:
 * a counsellor chats with their own clients only. The room's history stays with its counsellor.
 */
@Injectable()
export class ChatAssignments {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly delivery: ChatDelivery,
  ) {}

  @OnEvent(CASE_ASSIGNED, { async: true, suppressErrors: true })
  async reassigned(event: CaseAssignedEvent): Promise<void> {
    if (!event.previousCounsellorId || event.kind !== 'individual') return;
    const clients = event.memberIds;
    if (clients.length === 0) return;
    const places = await this.dataSource
      .getRepository(ChatParticipant)
      .createQueryBuilder('p')
      .innerJoin(ChatRoom, 'r', 'r.id = p.roomId')
      .where('r.counsellorId = :previous AND r.centreId = :centre AND p.userId IN (:...clients)', { previous: event.previousCounsellorId, centre: event.centreId, clients })
      .getMany();
    await this.delivery.removeParticipants(places.map((p) => ({ roomId: p.roomId, userId: p.userId })));
  }
}
