#!/usr/bin/env node
// The shell names no feature (as the kernel on the server does not, scripts/lint/kernel-names.mjs):
// outside src/app/features/, no identifier, string or import path may carry a feature's name; the
// shell learns the features from features/registry.ts. Words are split at camelCase, snake,
// kebab, dot and slash boundaries, so `ChatPage`, 'nav.chat', '../features/mail/…' and
// MAIL_EVENTS all count. Comments are prose, and so are the texts of the dictionaries.
// And no feature imports another: features/<key>/ imports neither features/<other>/ nor
// @modules/<other>/ (they meet in the kernel's views, e.g. as case panels).
// Usage: check-shell-names.mjs [files…]   (default: every .ts file under src/app/)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const app = join(root, 'src/app');
const features = join(app, 'features');

/** The words: every feature folder's name (and its singular), and the modules still to come. */
export function featureWords() {
  // `anonymous` is left out, as on the server: it is also a word (e.g. for a guest).
  const keys = readdirSync(features, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'anonymous')
    .map((e) => e.name);
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

/** Imports of a feature's file that reach into another feature (its folder or its contracts). */
export function findForeignImports(fileName, source) {
  const own = relative(features, fileName).split(sep)[0];
  const found = [];
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const check = (specifier) => {
    const path = specifier.text;
    const target = path.startsWith('.') ? relative(features, resolve(dirname(fileName), path)).split(sep) : null;
    const other = path.startsWith('@modules/') ? path.split('/')[1] : target && target[0] !== '..' && target.length > 1 ? target[0] : null;
    if (other && other !== own) {
      const { line } = file.getLineAndCharacterOfPosition(specifier.getStart(file));
      found.push({ line: line + 1, word: other, token: path });
    }
  };
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) check(node.moduleSpecifier);
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) check(node.arguments[0]);
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
  const inMail = join(features, 'mail', 'x.ts');
  const foreign = ["import { A } from '../documents/a';", "const b = () => import('../chat/b');", "import type { C } from '@modules/chat/contracts';"];
  const own = ["import { A } from './a';", "import { B } from '../../core/b';", "import type { C } from '@modules/mail/contracts';"];
  wrong.push(
    ...foreign.filter((source) => findForeignImports(inMail, source).length === 0).map((s) => `not caught: ${s}`),
    ...own.filter((source) => findForeignImports(inMail, source).length > 0).map((s) => `caught wrongly: ${s}`),
  );
  if (wrong.length) {
    console.error(`check-shell-names.mjs is broken:\n${wrong.join('\n')}`);
    process.exit(2);
  }
}

function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const banned = featureWords();
  selfCheck(new Set(['chat', 'mail', 'documents', 'document', 'video']));
  const files = process.argv.length > 2 ? process.argv.slice(2).map((f) => resolve(f)) : tsFiles(app);
  let failures = 0;
  for (const file of files) {
    const rel = relative(root, file);
    const inFeature = relative(features, file).split(sep);
    const source = readFileSync(file, 'utf8');
    if (inFeature[0] === '..') {
      for (const hit of findFeatureNames(rel, source, banned)) {
        console.error(`${rel}:${hit.line}: the shell names the feature "${hit.word}" (${hit.token})`);
        failures++;
      }
    } else if (inFeature.length > 1) {
      for (const hit of findForeignImports(file, source)) {
        console.error(`${rel}:${hit.line}: the feature "${inFeature[0]}" imports the feature "${hit.word}" (${hit.token})`);
        failures++;
      }
    }
  }
  if (failures) {
    console.error(
      `\n${failures} place(s) break the folder rules. The shell learns the features from features/registry.ts; each feature brings its own pages, texts and routes, and features meet only in the shell's views (features/README.md).`,
    );
    process.exit(1);
  }
}
