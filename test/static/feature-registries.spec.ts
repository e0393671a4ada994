import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { FEATURES } from '../../src/app.features.js';

/** The Angular app's registry, read as text (it is compiled by Angular, not by the server's tsc). */
function appRegistry(): { key: string; contactChannel: boolean }[] {
  const source = readFileSync(resolve(import.meta.dirname, '../../frontend/src/app/features/registry.ts'), 'utf8');
  const list = source.slice(source.indexOf('export const FEATURES'));
  return [...list.matchAll(/\{\s*key:\s*'([a-z0-9-]+)'([^}]*)\}/g)].map((m) => ({ key: m[1]!, contactChannel: /contactChannel:\s*true/.test(m[2]!) }));
}

describe('the two feature registries', () => {
  it('name the same features, in the same order, with the same contact channels', () => {
    const app = appRegistry();
    expect(app.map((f) => f.key)).toEqual(FEATURES.map((f) => f.key));
    expect(app.filter((f) => f.contactChannel).map((f) => f.key)).toEqual(FEATURES.filter((f) => f.contactChannel).map((f) => f.key));
  });
});
