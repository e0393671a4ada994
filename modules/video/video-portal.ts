import { Injectable } from '@nestjs/common';

import { PortalContributor, type ResolvedCentre } from '#kernel';

import type { VideoPortalInfo } from './contracts.js';
import { JitsiSettingsService } from './jitsi-settings.service.js';

/** Tells the portal whether a Jitsi server is set up, so the pages can say so before anyone tries to join. */
@Injectable()
export class VideoPortal extends PortalContributor {
  readonly feature = 'video';

  constructor(private readonly settings: JitsiSettingsService) {
    super();
  }

  async contribute(centre: ResolvedCentre): Promise<VideoPortalInfo> {
    return { ready: (await this.settings.server(centre.id)) !== null };
  }
}
