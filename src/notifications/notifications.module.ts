import { join } from 'node:path';

import { MailerModule } from '@nestjs-modules/mailer';
import { type DynamicModule, Global, Module } from '@nestjs/common';

import type { AppConfig } from '../config/app-config.js';
import { DevOutboxController } from './dev-outbox.controller.js';
import { Links } from './links.js';
import { NotificationService } from './notification.service.js';
import { OutboxTransport } from './outbox.transport.js';

@Global()
@Module({})
export class NotificationsModule {
  static forRoot(config: AppConfig): DynamicModule {
    const outbox = config.devOutbox ? new OutboxTransport(join(config.varDir, 'outbox')) : undefined;
    return {
      module: NotificationsModule,
      imports: [
        MailerModule.forRoot({ transport: outbox ?? config.smtpUrl }),
      ],
      controllers: outbox ? [DevOutboxController] : [],
      providers: [NotificationService, Links, ...(outbox ? [{ provide: OutboxTransport, useValue: outbox }] : [])],
      exports: [NotificationService, Links],
    };
  }
}
