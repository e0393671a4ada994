import { Injectable } from '@nestjs/common';

import { type PageNeeds, PagePolicyContributor, type ResolvedCentre } from '#kernel';

import { JitsiSettingsService } from './jitsi-settings.service.js';

/**
 * The call page loads `external_api.js` from the centre's Jitsi server and embeds its meeting in
 * a frame, which uses camera, microphone and screen sharing; the device check before joining uses
 * camera and microphone on the page itself. Exactly that one server, nothing else.
 */
@Injectable()
export class VideoPagePolicy extends PagePolicyContributor {
  readonly feature = 'video';

  constructor(private readonly settings: JitsiSettingsService) {
    super();
  }

  async needs(centre: ResolvedCentre): Promise<PageNeeds | null> {
    const server = await this.settings.server(centre.id);
    if (!server) return null;
    return { embedOrigins: [`https://${server.domain}`], features: ['camera', 'microphone', 'display-capture', 'screen-wake-lock'] };
  }
}
