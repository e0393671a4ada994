import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { implementationsOf } from '../common/implementations.js';
import type { ResolvedCentre } from '../common/request.js';
import type { PublicCentre } from '../contracts/centre.js';
import { fromSqlBool } from '../database/sql.js';
import { CentreAsset } from './centre-asset.entity.js';
import { Centre } from './centre.entity.js';
import { DEFAULT_PRIVACY_TEXT } from './default-privacy.js';
import { FeatureCatalogue } from '../features/feature-catalogue.js';

/**
 * Features add their part to the public portal info through this port: it appears under
 * `PublicCentre.features[feature]`, and only where the centre has licensed the feature.
 */
export abstract class PortalContributor {
  /** The feature key the contribution belongs to. */
  abstract readonly feature: string;
  abstract contribute(centre: ResolvedCentre): Promise<unknown>;
}

const RESOLVE_TTL_MS = 1000;

@Injectable()
export class CentreService implements OnApplicationBootstrap {
  private contributors: PortalContributor[] = [];
  private readonly recent = new Map<string, { centre: ResolvedCentre | null; at: number }>();
  private readonly recentById = new Map<string, { centre: ResolvedCentre | null; at: number }>();

  constructor(
    @InjectRepository(Centre) private readonly centres: Repository<Centre>,
    @InjectRepository(CentreAsset) private readonly assets: Repository<CentreAsset>,
    private readonly discovery: DiscoveryService,
    private readonly features: FeatureCatalogue,
  ) {}

  /** Features add to the portal info by providing a PortalContributor; found at start-up. */
  onApplicationBootstrap(): void {
    this.contributors = implementationsOf(this.discovery, PortalContributor);
  }

  /**
   * Every centre request needs its centre. A one-second cache spares the lookup on busy routes;
   * changes made on this instance apply at once (forget), on other instances within a second.
   */
  async resolve(slug: string): Promise<ResolvedCentre | null> {
    if (slug.length > 63) return null;
    const hit = this.recent.get(slug);
    if (hit && Date.now() - hit.at < RESOLVE_TTL_MS) return hit.centre;
    const centre = await this.lookup(slug);
    this.recent.set(slug, { centre, at: Date.now() });
    if (this.recent.size > 10_000) this.recent.clear();
    return centre;
  }

  /** A centre was changed or deleted here: the next request reads it afresh. */
  forget(slug: string): void {
    this.recent.delete(slug);
    for (const [id, hit] of this.recentById) if (hit.centre?.slug === slug) this.recentById.delete(id);
  }

  /** The centre of a live connection (which knows its centre by id), cached like `resolve`. */
  async resolveId(id: string): Promise<ResolvedCentre | null> {
    const hit = this.recentById.get(id);
    if (hit && Date.now() - hit.at < RESOLVE_TTL_MS) return hit.centre;
    const centre = await this.byId(id);
    this.recentById.set(id, { centre, at: Date.now() });
    if (this.recentById.size > 10_000) this.recentById.clear();
    return centre;
  }

  private async lookup(slug: string): Promise<ResolvedCentre | null> {
    const rows = await this.centres.query<{ id: string; slug: string; name: string; modules: string; suspended: unknown }[]>(
      'SELECT id, slug, name, modules, suspended FROM centre WHERE slug = ?',
      [slug],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      slug: row.slug,
      name: row.name,
      // simple-array: comma-separated in the column
      modules: row.modules ? row.modules.split(',') : [],
      suspended: fromSqlBool(row.suspended),
    };
  }

  async byId(id: string): Promise<ResolvedCentre | null> {
    const row = await this.centres.findOne({ where: { id }, select: { id: true, slug: true, name: true, modules: true, suspended: true } });
    return row ? { id: row.id, slug: row.slug, name: row.name, modules: row.modules, suspended: row.suspended } : null;
  }

  /** Every centre's id, for housekeeping that walks centre by centre. */
  async ids(): Promise<string[]> {
    return (await this.centres.find({ select: { id: true } })).map((c) => c.id);
  }

  async slugOf(id: string): Promise<string | null> {
    return (await this.centres.findOne({ where: { id }, select: { slug: true } }))?.slug ?? null;
  }

  async publicInfo(resolved: ResolvedCentre, apiBase: string): Promise<PublicCentre> {
    const centre = await this.centres.findOneByOrFail({ id: resolved.id });
    if (centre.suspended) {
      return {
        slug: centre.slug,
        name: centre.name,
        suspended: true,
        modules: [],
        contactTypes: [],
        imprint: centre.imprint,
        privacyText: centre.privacyText ?? DEFAULT_PRIVACY_TEXT,
        homepageUrl: centre.homepageUrl,
        logoUrl: null,
        imageUrl: null,
        features: {},
      };
    }
    const kinds = await this.assets.find({ where: { centreId: centre.id }, select: { kind: true, etag: true } });
    const assetUrl = (kind: string) => {
      const asset = kinds.find((a) => a.kind === kind);
      return asset ? `${apiBase}/centres/${centre.slug}/branding/${kind}?v=${asset.etag.slice(0, 12)}` : null;
    };
    const info: PublicCentre = {
      slug: centre.slug,
      name: centre.name,
      suspended: false,
      modules: centre.modules,
      contactTypes: this.features.contactTypes(centre.modules),
      imprint: centre.imprint,
      privacyText: centre.privacyText ?? DEFAULT_PRIVACY_TEXT,
      homepageUrl: centre.homepageUrl,
      logoUrl: assetUrl('logo'),
      imageUrl: assetUrl('image'),
      features: {},
    };
    for (const contributor of this.contributors) {
      if (centre.modules.includes(contributor.feature)) info.features[contributor.feature] = await contributor.contribute(resolved);
    }
    return info;
  }

  async asset(centreId: string, kind: string): Promise<CentreAsset | null> {
    return this.assets.findOneBy({ centreId, kind: kind as CentreAsset['kind'] });
  }
}
