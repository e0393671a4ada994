#!/usr/bin/env node
// The shell names no feature (as the kernel on the server does not, scripts/lint/kernel-names.mjs):
// outside src/app/features/, no identifier, string or import path may carry a feature's name; the
// shell learns the features from features/registry.ts. Words are split at camelCase, snake,
// kebab, dot and slash boundaries, so `ChatPage`, 'nav.chat', '../features/mail/…' and
// MAIL_EVENTS all count. Comments are prose, and so are the texts of the dictionaries.
// Usage: check-shell-names.mjs [files…]   (default: every .ts file under src/app/ outside features/)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const app = join(root, 'src/app');
const features = join(app, 'features');

/** The words: every feature folder's name (and its singular), and the modules still to come. */
export function featureWords() {
  const keys = readdirSync(features, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  // Sold already, built later. `anonymous` is left out, as on the server: it is also a word.
  keys.push('video', 'scheduling');
  return new Set(keys.flatMap((k) => [k, k.replace(/s$/, '')]));
}

/** The browser's own names, which the shell must call by their name. */
const ALLOWED = new Set(['document', 'DOCUMENT', 'Document', 'documentElement', 'ownerDocument']);

const words = (text) =>
  text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());

/** `'home.lead': 'Präsenzberatung … Chat, Video …'`: the text of a dictionary entry is language. */
const isDictionaryText = (node) =>
  ts.isPropertyAssignment(node.parent) && node.parent.initializer === node && ts.isStringLiteral(node.parent.name) && /^[a-z][\w-]*(\.[\w-]+)+$/.test(node.parent.name.text);

export function findFeatureNames(fileName, source, banned = featureWords()) {
  const found = [];
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    let text;
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) text = ALLOWED.has(node.text) ? undefined : node.text;
    else if ((ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) && !isDictionaryText(node)) {
      // "E-Mail" and "e-mail" (and their compounds) are words of the language, not the module.
      text = node.text.replace(/\be-mail\S*/gi, ' ');
    }
    const hit = text === undefined ? undefined : words(text).find((w) => banned.has(w));
    if (hit) {
      // In a template, point at the line of the word rather than at the template's first.
      const raw = node.getText(file);
      const lower = raw.toLowerCase();
      const word = lower.search(new RegExp(`(?<![a-z])${hit}`));
      const at = Math.max(0, word >= 0 ? word : lower.indexOf(hit));
      const { line } = file.getLineAndCharacterOfPosition(node.getStart(file) + at);
      const shown = (raw.includes('\n') ? raw.split('\n')[raw.slice(0, at).split('\n').length - 1] : raw).trim();
      found.push({ line: line + 1, word: hit, token: shown.length > 80 ? `${shown.slice(0, 77)}…` : shown });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The rule checks itself first, so a change to it cannot quietly let everything pass. */
function selfCheck(banned) {
  const fails = [
    "import { ChatPage } from '../../features/chat/chat.page';",
    "const routes = [{ path: 'chat', loadComponent: () => import('../x').then((m) => m.X) }];",
    "if (centre.modules.includes('documents')) show();",
    "@Component({ template: `<a [routerLink]=\"['/', slug(), 'chat']\">{{ 'nav.chat' | t }}</a>` }) class A {}",
    "import { MAIL_EVENTS } from '@modules/mail/contracts';",
    "const de = { 'module.video': 'Videoberatung' };",
    'export interface DocumentView { id: string }',
  ];
  const passes = [
    "const de = { 'home.lead': 'Sichere schriftliche Beratung, Chat, Video und Dokumente.' };",
    "document.getElementById('totp')?.focus(); inject(DOCUMENT).documentElement.lang = 'de';",
    "const label = 'Ihre E-Mail-Adresse'; const key = 'common.email';",
    '// The chat and the mail of a case are features.',
  ];
  const wrong = [
    ...fails.filter((source) => findFeatureNames('fail.ts', source, banned).length === 0).map((s) => `not caught: ${s}`),
    ...passes.filter((source) => findFeatureNames('pass.ts', source, banned).length > 0).map((s) => `caught wrongly: ${s}`),
  ];
  if (wrong.length) {
    console.error(`check-shell-names.mjs is broken:\n${wrong.join('\n')}`);
    process.exit(2);
  }
}

function shellFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (path === features) return [];
    return statSync(path).isDirectory() ? shellFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const banned = featureWords();
  selfCheck(new Set(['chat', 'mail', 'documents', 'document', 'video']));
  const files = process.argv.length > 2 ? process.argv.slice(2) : shellFiles(app);
  let failures = 0;
  for (const file of files) {
    const rel = relative(root, file);
    for (const hit of findFeatureNames(rel, readFileSync(file, 'utf8'), banned)) {
      console.error(`${rel}:${hit.line}: the shell names the feature "${hit.word}" (${hit.token})`);
      failures++;
    }
  }
  if (failures) {
    console.error(`\n${failures} place(s) outside src/app/features/ name a feature. The shell learns the features from features/registry.ts; each feature brings its own pages, texts and routes.`);
    process.exit(1);
  }
}
