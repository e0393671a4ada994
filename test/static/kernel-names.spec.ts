import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

const script = resolve(import.meta.dirname, '../../scripts/lint/kernel-names.mjs');
const lint = (source: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'kernel-names-')), 'kernel-file.ts');
  writeFileSync(file, source);
  return spawnSync(process.execPath, [script, file], { encoding: 'utf8' });
};

describe('the lint rule "the kernel names no feature"', () => {
  it('passes the kernel as it is', () => {
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it.each([
    ['an event name', "export const EVENTS = { message: 'mail.message' };"],
    ['a type from a feature', 'export interface ChatRoomView { id: string }'],
    ['a constant', 'export const DOCUMENT_EVENTS = {};'],
    ['a table name in SQL', "const sql = 'SELECT id FROM chat_message WHERE roomId = ?';"],
    ['a module key', "if (centre.modules.includes('documents')) run();"],
    ['a module that is still to come', "const room = { kind: 'video' };"],
  ])('fails on %s', (_label, source) => {
    const run = lint(source);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/names the feature/);
  });

  it('lets prose and the language be', () => {
    const run = lint("// Sends an e-mail to the chat's readers.\nconst text = 'Ihre E-Mail-Adresse wurde geändert';\nimport type { SendMailOptions } from 'nodemailer';");
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

describe('the lint rule "features do not read kernel tables with their own SQL"', () => {
  const tablesScript = resolve(import.meta.dirname, '../../scripts/lint/kernel-tables.mjs');
  const check = (source: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'kernel-tables-')), 'feature-file.ts');
    writeFileSync(file, source);
    return spawnSync(process.execPath, [tablesScript, file], { encoding: 'utf8' });
  };

  it('passes the features as they are', () => {
    const run = spawnSync(process.execPath, [tablesScript], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it.each([
    ['a join over case members', "const sql = 'SELECT 1 FROM mail_message m JOIN case_member cm ON cm.caseId = m.caseId';"],
    ['an update of the case', "await q('UPDATE counselling_case SET lastActivityAt = ? WHERE id = ?', []);"],
    ['a query builder on a kernel table', "qb.from('case_period', 'p');"],
  ])('fails on %s', (_label, source) => {
    const run = check(source);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/kernel's table/);
  });

  it("lets a feature's own tables and the word 'centre' in texts be", () => {
    const run = check("const sql = 'SELECT id FROM mail_message WHERE centreId = ?'; const path = ':centre/cases';");
    expect(run.status).toBe(0);
  });
});
