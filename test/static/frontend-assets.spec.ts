import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { HASHED_ASSET } from '../../src/bootstrap/http-pipeline.js';

const dist = resolve(import.meta.dirname, '../../frontend/dist/beradig/browser');

describe('the app bundles', () => {
  it('are recognised as content-hashed (cached for a year), whatever alphabet the build uses', () => {
    for (const name of ['main-QYUPIQLR.js', 'chunk-CIdW-1B-.js', 'chunk-Dr1_m0aq.js', 'styles-ZIOHFDWX.css']) expect(HASHED_ASSET.test(name), name).toBe(true);
    for (const name of ['index.html', 'favicon.ico', 'main.js', 'i18n.json']) expect(HASHED_ASSET.test(name), name).toBe(false);
  });

  it.runIf(existsSync(dist))('include every script and style of the current build', () => {
    const bundles = readdirSync(dist).filter((f) => /\.(js|css)$/.test(f));
    expect(bundles.length).toBeGreaterThan(3);
    expect(bundles.filter((f) => !HASHED_ASSET.test(f))).toEqual([]);
  });
});
