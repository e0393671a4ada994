import { defineFeature } from '#kernel';

import { AnonymousModule } from './anonymous.module.js';
import { ANONYMOUS_MESSAGES } from './messages.js';
import { AddAnonymous1795770000000 } from './migrations/1795770000000-AddAnonymous.js';

/** The anonymous live chat and topic chats: the lowest threshold, no account needed. */
export const anonymousFeature = defineFeature({
  key: 'anonymous',
  module: AnonymousModule,
  // A visitor who registers from the chat goes on in a case, and cases begin with a mail enquiry.
  requires: ['mail'],
  migrations: [AddAnonymous1795770000000],
  messages: ANONYMOUS_MESSAGES,
});
