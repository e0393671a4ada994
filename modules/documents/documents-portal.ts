import { Injectable } from '@nestjs/common';

import { AppConfig, PortalContributor, type PortalContribution, type ResolvedCentre } from '#kernel';

/** Tells the portal how large an upload may be, so the app can say so before sending. */
@Injectable()
export class DocumentsPortal extends PortalContributor {
  constructor(private readonly config: AppConfig) {
    super();
  }

  contribute(centre: ResolvedCentre): Promise<PortalContribution> {
    return Promise.resolve(centre.modules.includes('documents') ? { documentMaxBytes: this.config.uploadMaxBytes } : {});
  }
}
