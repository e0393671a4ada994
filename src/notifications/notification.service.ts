import { MailerService } from '@nestjs-modules/mailer';
import { Injectable, Logger } from '@nestjs/common';

import type { Locale } from '../common/locale.js';
import { AppConfig } from '../config/app-config.js';
import { type NotificationTemplate, render, type TemplateParams } from './templates.js';
import { errorFields } from '../common/error-fields.js';

export interface Recipient {
  email: string;
  locale: Locale;
}

/** An iCalendar object sent with the e-mail as a calendar invitation (text/calendar; method REQUEST or CANCEL). */
export interface CalendarPart {
  method: 'REQUEST' | 'CANCEL' | 'PUBLISH';
  content: string;
}

/**
 * The notifications port: features say what happened to whom; this decides the words and the
 * channel. Features never call the mailer directly.
 */
@Injectable()
export class NotificationService {
  private readonly logger = new Logger(NotificationService.name);

  constructor(
    private readonly mailer: MailerService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Sends without making the caller wait or fail: for mails whose timing must not reveal
   * anything (e.g. whether an address is registered). Failures are logged.
   */
  notifyLater(recipient: Recipient, template: NotificationTemplate, params: TemplateParams): void {
    setImmediate(() => {
      this.notify(recipient, template, params).catch((error: unknown) =>
        this.logger.warn({ kind: template.kind, err: errorFields(error) }, 'notification failed'),
      );
    });
  }

  async notify(recipient: Recipient, template: NotificationTemplate, params: TemplateParams, calendar?: CalendarPart): Promise<void> {
    const rendered = render(template, recipient.locale, params);
    await this.mailer.sendMail({
      from: this.config.smtpFrom,
      to: recipient.email,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      // Calendars read it as an invitation (and its cancellation), with an invite.ics attached.
      ...(calendar ? { icalEvent: { method: calendar.method, filename: 'termin.ics', content: calendar.content } } : {}),
    });
    // The address is personal data and the subject may name the centre: log the kind only.
    this.logger.log({ kind: template.kind }, 'notification sent');
  }
}
