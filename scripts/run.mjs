#!/usr/bin/env node
// Builds what is out of date, then runs the compiled server or CLI. Used by `npm start` and
// `npm run cli`, so a fresh clone needs nothing but `npm install` first.
import './check-node.mjs';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const target = process.argv[2] === 'cli' ? 'dist/src/cli.js' : 'dist/src/main.js';
const quiet = process.argv[2] === 'cli';

function newest(dir, skip = /node_modules|dist|\.angular/) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.test(entry.name)) continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path, skip) : statSync(path).mtimeMs);
  }
  return latest;
}

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: quiet ? ['inherit', 'ignore', 'inherit'] : 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const stamp = (file) => (existsSync(join(root, file)) ? statSync(join(root, file)).mtimeMs : 0);

const apiSources = Math.max(...['src', 'modules', 'migrations'].map((d) => newest(join(root, d))), stamp('package.json'));
if (stamp(target) < apiSources) {
  if (!quiet) console.log('Baue Server …');
  run('npx', ['tsc', '-p', 'tsconfig.build.json']);
}

if (process.argv[2] !== 'cli' && !process.env.FRONTEND_DIST) {
  const webSources = Math.max(newest(join(root, 'frontend/src')), newest(join(root, 'src/contracts')), stamp('frontend/angular.json'));
  if (stamp('frontend/dist/beradig/browser/index.html') < webSources) {
    console.log('Baue Oberfläche …');
    run('npm', ['run', 'build', '--workspace', '@beradig/frontend']);
  }
}

const child = spawnSync(process.execPath, [join(root, target), ...process.argv.slice(3)], { cwd: process.cwd(), stdio: 'inherit' });
process.exit(child.status ?? (child.signal ? 1 : 0));
