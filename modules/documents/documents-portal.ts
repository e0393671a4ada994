import { Injectable } from '@nestjs/common';

import { AppConfig, PortalContributor, type ResolvedCentre } from '#kernel';

import type { DocumentsPortalInfo } from './contracts.js';

/** Tells the portal how large an upload may be, so the app can say so before sending. */
@Injectable()
export class DocumentsPortal extends PortalContributor {
  readonly feature = 'documents';

  constructor(private readonly config: AppConfig) {
    super();
  }

  contribute(_centre: ResolvedCentre): Promise<DocumentsPortalInfo> {
    return Promise.resolve({ maxBytes: this.config.uploadMaxBytes });
  }
}
