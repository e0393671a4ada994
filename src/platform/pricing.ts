import { readFileSync } from 'node:fs';

import type { Tier } from '../contracts/centre.js';
import { FEATURE_KEY_PATTERN, type FeatureKey } from '../contracts/modules.js';

/** A class so it can be injected by its type. */
export class PriceList {
  constructor(
    readonly currency: string,
    readonly tiers: Tier[],
  ) {}
}

/** The price list from PRICING_FILE, or the LAG's own (src/app.pricing.ts). */
export function loadPriceList(file: string | undefined, fallback: PriceList): PriceList {
  if (!file) return fallback;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { currency?: string; tiers?: Tier[] };
  if (!Array.isArray(parsed.tiers) || parsed.tiers.length === 0) throw new Error(`${file}: "tiers" must be a non-empty list`);
  for (const tier of parsed.tiers) {
    if (!tier.id || !tier.name || !Array.isArray(tier.modules) || !tier.modules.every((m) => typeof m === 'string' && FEATURE_KEY_PATTERN.test(m))) {
      throw new Error(`${file}: tier ${JSON.stringify(tier.id)} needs id, name and module keys`);
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
