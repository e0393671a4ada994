import { defineFeature } from '#kernel';

import { MailModule } from './mail.module.js';
import { MAIL_MESSAGES } from './messages.js';
import { AddMail1795720100000 } from './migrations/1795720100000-AddMail.js';

/** Secure written counselling: enquiries open a case; threads, notices and notes. */
export const mailFeature = defineFeature({
  key: 'mail',
  module: MailModule,
  contactChannel: true,
  migrations: [AddMail1795720100000],
  messages: MAIL_MESSAGES,
});
