#!/usr/bin/env node
// The kernel names no feature (docs/architecture.md): no identifier or string in src/ may carry a
// feature module's name, except in the registry and the price list. Identifiers and strings are
// split at camelCase, snake, kebab and dot boundaries, so `MailMessageView`, 'chat.join',
// 'document_file' and CHAT_EVENTS all count. Comments are prose and are not checked.
// Usage: kernel-names.mjs [files…]   (default: every .ts file under src/)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import ts from 'typescript';

const root = new URL('../..', import.meta.url).pathname;

/** The words: every module folder's name (and its singular), and the modules still to come. */
export function featureWords() {
  // `anonymous` is left out: the kernel says it of callers without an account (audit, CSRF,
  // guest sessions), which is not the module. The module's own names (`anonymous_chat`,
  // ANONYMOUS_EVENTS …) stay in modules/anonymous, where the dependency rules keep them.
  const keys = readdirSync(join(root, 'modules'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'anonymous')
    .map((e) => e.name);
  return new Set(keys.flatMap((k) => [k, k.replace(/s$/, '')]));
}

/** Names of third-party APIs the kernel must call by their name. */
const ALLOWED = new Set(['sendMail', 'SendMailOptions', 'createDocument', 'DocumentBuilder', 'SwaggerDocumentOptions', 'jsonDocumentUrl']);
/** The registry and the price list name the features; that is their job. */
const EXEMPT = new Set(['src/app.features.ts', 'src/app.pricing.ts']);

const words = (text) =>
  text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());

export function findFeatureNames(fileName, source, banned = featureWords()) {
  const found = [];
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    let text;
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) text = ALLOWED.has(node.text) ? undefined : node.text;
    else if (ts.isStringLiteralLike(node) && (ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent))) {
      // A package's own path (e.g. nodemailer's) is not ours to choose.
      text = undefined;
    } else if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) {
      // "E-Mail" and "e-mail" (and their compounds) are words of the language, not the module.
      text = node.text.replace(/\be-mail\S*/gi, ' ');
    }
    const hit = text === undefined ? undefined : words(text).find((w) => banned.has(w));
    if (hit) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
      const shown = node.getText(file);
      found.push({ line: line + 1, word: hit, token: shown.length > 60 ? `${shown.slice(0, 57)}…` : shown });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = process.argv.length > 2 ? process.argv.slice(2) : tsFiles(join(root, 'src'));
  const banned = featureWords();
  let failures = 0;
  for (const file of files) {
    const rel = relative(root, file);
    if (EXEMPT.has(rel)) continue;
    for (const hit of findFeatureNames(rel, readFileSync(file, 'utf8'), banned)) {
      console.error(`${rel}:${hit.line}: the kernel names the feature "${hit.word}" (${hit.token})`);
      failures++;
    }
  }
  if (failures) {
    console.error(`\n${failures} place(s) in src/ name a feature. The kernel offers mechanisms; the feature brings its names (docs/architecture.md, "How to add a module").`);
    process.exit(1);
  }
}
