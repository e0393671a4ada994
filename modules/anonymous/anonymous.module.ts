import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AnonymousGateway } from './anonymous.gateway.js';
import { AnonymousChat, AnonymousDuty, AnonymousLine, AnonymousSettings, AnonymousTopic, AnonymousTopicLine, AnonymousTopicMember, AnonymousVisitor } from './anonymous.entities.js';
import { AnonymousPersonalData } from './anonymous-personal-data.js';
import { AnonymousPortal } from './anonymous-portal.js';
import { AnonymousSweeper } from './anonymous-sweeper.js';
import { ConsoleController } from './console.controller.js';
import { ConversionService } from './conversion.service.js';
import { DutyService } from './duty.service.js';
import { LiveChatService } from './live-chat.service.js';
import { LiveLines } from './live-lines.js';
import { LiveQueue } from './live-queue.js';
import { AnonymousSettingsController } from './settings.controller.js';
import { AnonymousSettingsService } from './settings.service.js';
import { TopicsController } from './topics.controller.js';
import { TopicService } from './topics.service.js';
import { TranscriptsController } from './transcripts.controller.js';
import { VisitorController } from './visitor.controller.js';
import { VisitorService } from './visitors.service.js';

/** Module `anonymous`: the anonymous live chat (queue, duty, conversion) and topic chats. */
@Module({
  imports: [TypeOrmModule.forFeature([AnonymousSettings, AnonymousDuty, AnonymousVisitor, AnonymousChat, AnonymousLine, AnonymousTopic, AnonymousTopicMember, AnonymousTopicLine])],
  controllers: [VisitorController, ConsoleController, TopicsController, AnonymousSettingsController, TranscriptsController],
  providers: [
    AnonymousSettingsService,
    VisitorService,
    DutyService,
    LiveQueue,
    LiveLines,
    LiveChatService,
    ConversionService,
    TopicService,
    AnonymousGateway,
    AnonymousSweeper,
    AnonymousPortal,
    AnonymousPersonalData,
  ],
})
export class AnonymousModule {}
