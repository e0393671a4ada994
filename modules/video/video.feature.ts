import { defineFeature } from '#kernel';

import { VIDEO_MESSAGES } from './messages.js';
import { AddVideo1795750000000 } from './migrations/1795750000000-AddVideo.js';
import { VideoModule } from './video.module.js';

/** Video counselling in the counsellor's own rooms on the centre's Jitsi Meet. */
export const videoFeature = defineFeature({
  key: 'video',
  module: VideoModule,
  contactChannel: true,
  // A counsellor invites the clients whose cases they hold, and cases begin with a mail enquiry.
  requires: ['mail'],
  migrations: [AddVideo1795750000000],
  messages: VIDEO_MESSAGES,
});
