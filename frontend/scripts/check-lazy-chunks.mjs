#!/usr/bin/env node
// Angular's budgets cover the initial bundle and named chunks; this also holds every lazy
// chunk (shared ones have no name) to 150 kB raw, so no area grows past its budget unnoticed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dist = new URL('../dist/beradig/browser/', import.meta.url).pathname;
const LIMIT = 150 * 1024;
const index = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set([...index.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((m) => m[1]));
let failed = false;
for (const file of readdirSync(dist).filter((f) => f.endsWith('.js') && !initial.has(f))) {
  const size = statSync(join(dist, file)).size;
  if (size > LIMIT) {
    console.error(`Lazy chunk ${file} is ${(size / 1024).toFixed(1)} kB, over the 150 kB budget.`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
