import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { VideoConsentService } from './consent.service.js';
import { GuestController } from './guest.controller.js';
import { GuestLinksService } from './guest-links.service.js';
import { HostPresence } from './host-presence.js';
import { JitsiSettingsService } from './jitsi-settings.service.js';
import { VideoSettingsController } from './settings.controller.js';
import { VideoAssignments } from './video-assignments.js';
import { VideoMeetingRooms } from './video-meeting-rooms.js';
import { VideoPagePolicy } from './video-page-policy.js';
import { VideoPersonalData } from './video-personal-data.js';
import { VideoPortal } from './video-portal.js';
import { VideoController } from './video.controller.js';
import { VideoConsent, VideoGuestLink, VideoInvitee, VideoNote, VideoRoom, VideoSettings } from './video.entities.js';
import { VideoService } from './video.service.js';

/** Module `video`: rooms on the centre's own Jitsi Meet, signed access, guests, consent. */
@Module({
  imports: [TypeOrmModule.forFeature([VideoSettings, VideoRoom, VideoInvitee, VideoNote, VideoGuestLink, VideoConsent])],
  controllers: [VideoController, GuestController, VideoSettingsController],
  providers: [VideoService, GuestLinksService, VideoConsentService, JitsiSettingsService, HostPresence, VideoAssignments, VideoPersonalData, VideoPagePolicy, VideoPortal, VideoMeetingRooms],
})
export class VideoModule {}
