import { readFileSync } from 'node:fs';

import type { Tier } from '../contracts/centre.js';
import { type FeatureKey, isFeatureKey } from '../contracts/modules.js';

/** A class so it can be injected by its type. */
export class PriceList {
  constructor(
    readonly currency: string,
    readonly tiers: Tier[],
  ) {}
}

/**
 * The membership price list from the product description (EUR). Configuration, not code:
 * PRICING_FILE points to a JSON file of the same shape to replace it.
 */
export const DEFAULT_PRICE_LIST = new PriceList('EUR', [
    { id: 'base', name: 'Basis (Mail, Chat, Dokumente)', modules: ['mail', 'chat', 'documents'], setupFee: 300, annualFee: 240 },
    { id: 'base-video', name: 'Basis + Video', modules: ['mail', 'chat', 'documents', 'video'], setupFee: 380, annualFee: 480 },
    {
      id: 'base-video-scheduling',
      name: 'Basis + Video + Terminvergabe',
      modules: ['mail', 'chat', 'documents', 'video', 'scheduling'],
      setupFee: 480,
      annualFee: 630,
    },
    {
      id: 'base-video-anonymous',
      name: 'Basis + Video + Anonymer Chat',
      modules: ['mail', 'chat', 'documents', 'video', 'anonymous'],
      setupFee: 480,
      annualFee: 630,
    },
    {
      id: 'all',
      name: 'Alle Module',
      modules: ['mail', 'chat', 'documents', 'video', 'scheduling', 'anonymous'],
      setupFee: 580,
      annualFee: 780,
    },
]);

export function loadPriceList(file: string | undefined): PriceList {
  if (!file) return DEFAULT_PRICE_LIST;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { currency?: string; tiers?: Tier[] };
  if (!Array.isArray(parsed.tiers) || parsed.tiers.length === 0) throw new Error(`${file}: "tiers" must be a non-empty list`);
  for (const tier of parsed.tiers) {
    if (!tier.id || !tier.name || !Array.isArray(tier.modules) || !tier.modules.every(isFeatureKey)) {
      throw new Error(`${file}: tier ${JSON.stringify(tier.id)} needs id, name and known modules`);
    }
    if (typeof tier.setupFee !== 'number' || typeof tier.annualFee !== 'number') {
      throw new Error(`${file}: tier ${tier.id} needs numeric setupFee and annualFee`);
    }
  }
  return new PriceList(parsed.currency ?? 'EUR', parsed.tiers);
}

/**
 * A centre pays for the cheapest package that contains all of its modules (e.g. `scheduling`
 * is only sold on top of base + video). No modules, no package.
 */
export function tierFor(list: PriceList, modules: readonly FeatureKey[]): Tier | null {
  if (modules.length === 0) return null;
  const covering = list.tiers.filter((t) => modules.every((m) => t.modules.includes(m)));
  covering.sort((a, b) => a.annualFee - b.annualFee || a.setupFee - b.setupFee);
  return covering[0] ?? null;
}
