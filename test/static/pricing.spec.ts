import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { DEFAULT_PRICE_LIST } from '../../src/app.pricing.js';
import { loadPriceList, tierFor } from '../../src/platform/pricing.js';

describe('pricing', () => {
  const fee = (modules: Parameters<typeof tierFor>[1]) => tierFor(DEFAULT_PRICE_LIST, modules)?.annualFee ?? 0;

  it('follows the membership table of the product description', () => {
    expect(fee(['mail', 'chat', 'documents'])).toBe(240);
    expect(fee(['mail'])).toBe(240);
    expect(fee(['mail', 'chat', 'documents', 'video'])).toBe(480);
    expect(fee(['mail', 'chat', 'documents', 'video', 'scheduling'])).toBe(630);
    expect(fee(['mail', 'chat', 'documents', 'video', 'anonymous'])).toBe(630);
    expect(fee(['mail', 'chat', 'documents', 'video', 'scheduling', 'anonymous'])).toBe(780);
    expect(fee([])).toBe(0);
  });

  it('charges the smallest package containing every module', () => {
    expect(tierFor(DEFAULT_PRICE_LIST, ['anonymous'])?.id).toBe('base-video-anonymous');
    expect(tierFor(DEFAULT_PRICE_LIST, ['scheduling', 'anonymous'])?.id).toBe('all');
  });

  it('reads a price list file and rejects a broken one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pricing-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ currency: 'EUR', tiers: [{ id: 'x', name: 'X', modules: ['mail'], setupFee: 1, annualFee: 2 }] }));
    expect(tierFor(loadPriceList(good, DEFAULT_PRICE_LIST), ['mail'])?.annualFee).toBe(2);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ tiers: [{ id: 'x', name: 'X', modules: ['Zauberei!'], setupFee: 1, annualFee: 2 }] }));
    expect(() => loadPriceList(bad, DEFAULT_PRICE_LIST)).toThrow(/module keys/);
  });
});
