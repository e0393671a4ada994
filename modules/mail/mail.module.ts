import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { MailActivity } from './mail-activity.js';
import { MailDelivery } from './mail-delivery.js';
import { MailMessage } from './mail-message.entity.js';
import { MailNote } from './mail-note.entity.js';
import { MailPersonalData } from './mail-personal-data.js';
import { MailRead } from './mail-read.entity.js';
import { MailController } from './mail.controller.js';
import { MailService } from './mail.service.js';

/** Module `mail`: secure written counselling inside the platform. */
@Module({
  imports: [TypeOrmModule.forFeature([MailMessage, MailRead, MailNote])],
  controllers: [MailController],
  providers: [MailService, MailDelivery, MailActivity, MailPersonalData],
})
export class MailModule {}
