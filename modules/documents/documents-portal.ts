import { Injectable, type OnModuleInit } from '@nestjs/common';

import { AppConfig, CentreService, PortalContributor, type PortalContribution, type ResolvedCentre } from '#kernel';

/** Tells the portal how large an upload may be, so the app can say so before sending. */
@Injectable()
export class DocumentsPortal extends PortalContributor implements OnModuleInit {
  constructor(
    private readonly centres: CentreService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    this.centres.registerPortalContributor(this);
  }

  contribute(centre: ResolvedCentre): Promise<PortalContribution> {
    return Promise.resolve(centre.modules.includes('documents') ? { documentMaxBytes: this.config.uploadMaxBytes } : {});
  }
}
