import { defineFeature } from '#kernel';

import { ChatModule } from './chat.module.js';
import { CHAT_MESSAGES } from './messages.js';
import { AddChat1795740000000 } from './migrations/1795740000000-AddChat.js';

/** Counsellor-led chat rooms with the counsellor's own clients. */
export const chatFeature = defineFeature({
  key: 'chat',
  module: ChatModule,
  contactChannel: true,
  // A counsellor invites the clients whose cases they hold, and cases begin with a mail enquiry.
  requires: ['mail'],
  migrations: [AddChat1795740000000],
  messages: CHAT_MESSAGES,
});
