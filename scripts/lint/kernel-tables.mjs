#!/usr/bin/env node
// Features do not read the kernel's tables with SQL of their own (docs/architecture.md): a case's
// access decision, members and activity come from what the kernel exports for it (CaseContent,
// CaseAudiences, CasesService), so the rule lives in one place. A feature's migrations may still
// name a kernel table as the target of a foreign key.
// Usage: kernel-tables.mjs [files…]   (default: every .ts file of modules/ and of the example
// module in test/fixtures/, migrations excepted)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import ts from 'typescript';

const root = new URL('../..', import.meta.url).pathname;

/** The kernel's tables: every table its own migrations create. */
export function kernelTables() {
  const dir = join(root, 'migrations');
  const names = new Set();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/new Table\(\{\s*name:\s*'([a-z_]+)'/g)) names.add(m[1]);
  }
  return names;
}

export function findKernelTables(fileName, source, tables = kernelTables()) {
  const found = [];
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) {
      // SQL naming a table (FROM/JOIN/INTO/UPDATE x), or a query builder given its name alone.
      const named = [...node.text.matchAll(/\b(?:from|join|into|update)\s+([a-z_]+)/gi)].map((m) => m[1]);
      if (tables.has(node.text)) named.push(node.text);
      for (const table of named.filter((t) => tables.has(t))) {
        const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
        found.push({ line: line + 1, table });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const fixtures = join(root, 'test/fixtures');
  const examples = readdirSync(fixtures).filter((d) => d.endsWith('-module')).map((d) => join(fixtures, d));
  const files = process.argv.length > 2 ? process.argv.slice(2) : [join(root, 'modules'), ...examples].flatMap(tsFiles);
  const tables = kernelTables();
  let failures = 0;
  for (const file of files) {
    for (const hit of findKernelTables(file, readFileSync(file, 'utf8'), tables)) {
      console.error(`${relative(root, file)}:${hit.line}: a feature reads the kernel's table ${hit.table} with its own SQL`);
      failures++;
    }
  }
  if (failures) {
    console.error(`\n${failures} place(s) in modules/ use kernel tables directly. Use what src/kernel.ts exports for it (CaseContent, CaseAudiences, CasesService …).`);
    process.exit(1);
  }
}
