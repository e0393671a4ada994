import { defineFeature } from '#kernel';

import { SCHEDULING_MESSAGES } from './messages.js';
import { AddScheduling1795760000000 } from './migrations/1795760000000-AddScheduling.js';
import { SchedulingModule } from './scheduling.module.js';

/** Appointments online, the team page and crisis contacts. */
export const schedulingFeature = defineFeature({
  key: 'scheduling',
  module: SchedulingModule,
  // Booking assigns a client's case, and cases begin with a mail enquiry.
  requires: ['mail'],
  migrations: [AddScheduling1795760000000],
  messages: SCHEDULING_MESSAGES,
});
