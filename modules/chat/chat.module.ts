import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ChatAssignments } from './chat-assignments.js';
import { ChatDelivery } from './chat-delivery.js';
import { ChatPersonalData } from './chat-personal-data.js';
import { ChatWriter } from './chat-writer.js';
import { ChatController } from './chat.controller.js';
import { ChatMessage, ChatParticipant, ChatRoom } from './chat.entities.js';
import { ChatGateway } from './chat.gateway.js';
import { ChatService } from './chat.service.js';

/** Module `chat`: counsellor-led chat rooms with live delivery, presence and typing. */
@Module({
  imports: [TypeOrmModule.forFeature([ChatRoom, ChatParticipant, ChatMessage])],
  controllers: [ChatController],
  providers: [ChatService, ChatDelivery, ChatWriter, ChatGateway, ChatPersonalData, ChatAssignments],
})
export class ChatModule {}
