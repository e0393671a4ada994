import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

import { implementationsOf } from '../common/implementations.js';
import type { ResolvedCentre } from '../common/request.js';
import { POWERFUL_FEATURES } from '../common/security-headers.js';
import { CentreService } from './centre.service.js';

/** What a feature's pages need beyond the strict default, on one centre's portal. */
export interface PageNeeds {
  /**
   * Origins (`https://host[:port]`) the pages may load scripts from and embed in frames, e.g. a
   * centre's own conference server. Nothing else is ever loaded from third parties.
   */
  embedOrigins?: readonly string[];
  /** Powerful browser features (Permissions-Policy names, e.g. `camera`) for the page itself and those origins. */
  features?: readonly string[];
}

/**
 * Features widen a centre's page policy through this port, and only where the centre licenses
 * them. The app is one page whose document is loaded once, so what any of its pages needs is
 * allowed on every page of that centre's portal — and on no other centre's.
 */
export abstract class PagePolicyContributor {
  abstract readonly feature: string;
  abstract needs(centre: ResolvedCentre): Promise<PageNeeds | null>;
}

/** The page policy of one request: extra CSP sources and the Permissions-Policy header. */
export interface PagePolicy {
  embedOrigins: string[];
  permissionsPolicy: string;
}

const ORIGIN = /^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/;
/** First path segments that are never a centre (the operator console, the API, assets). */
const NOT_A_CENTRE = /^(api|dev|operator|socket\.io)$/;
const SLUG = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

@Injectable()
export class PagePolicies implements OnApplicationBootstrap {
  private contributors: PagePolicyContributor[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly centres: CentreService,
  ) {}

  onApplicationBootstrap(): void {
    this.contributors = implementationsOf(this.discovery, PagePolicyContributor);
  }

  /** The policy for an app page at `path`; the strict default unless a centre's features widen it. */
  async forPath(path: string): Promise<PagePolicy> {
    const slug = path.split('/')[1] ?? '';
    if (this.contributors.length === 0 || !SLUG.test(slug) || NOT_A_CENTRE.test(slug)) return strict();
    const centre = await this.centres.resolve(slug);
    if (!centre || centre.suspended) return strict();
    const origins = new Set<string>();
    const features = new Set<string>();
    for (const contributor of this.contributors) {
      if (!centre.modules.includes(contributor.feature)) continue;
      const needs = await contributor.needs(centre);
      for (const origin of needs?.embedOrigins ?? []) if (ORIGIN.test(origin)) origins.add(origin);
      for (const feature of needs?.features ?? []) if (POWERFUL_FEATURES.includes(feature)) features.add(feature);
    }
    return { embedOrigins: [...origins], permissionsPolicy: permissionsPolicy(features, [...origins]) };
  }
}

function strict(): PagePolicy {
  return { embedOrigins: [], permissionsPolicy: permissionsPolicy(new Set(), []) };
}

/** Every powerful feature off, except those allowed for this page itself and the embedded origins. */
export function permissionsPolicy(allowed: ReadonlySet<string>, origins: readonly string[]): string {
  return POWERFUL_FEATURES.map((feature) => (allowed.has(feature) ? `${feature}=(self${origins.map((o) => ` "${o}"`).join('')})` : `${feature}=()`)).join(', ');
}
