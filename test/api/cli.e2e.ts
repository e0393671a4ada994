import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '../../src/cli-commands.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

describe('command line', () => {
  let varDir: string;
  let db: TestDatabase;
  let env: Record<string, string>;
  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const code = await runCli(argv, env, (l) => lines.push(l));
    return { code, text: lines.join('\n') };
  };

  beforeAll(async () => {
    varDir = mkdtempSync(join(tmpdir(), 'beradig-cli-'));
    db = await createTestDatabase(varDir);
    env = { NODE_ENV: 'test', DB_URL: db.url, VAR_DIR: varDir, MASTER_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'silent', SMTP_URL: 'smtp://127.0.0.1:9' };
  });
  afterAll(async () => {
    await db.drop();
    rmSync(varDir, { recursive: true, force: true });
  });

  it('migrates an empty database, then finds nothing to do', async () => {
    expect(await run('migrate')).toMatchObject({ code: 0, text: expect.stringContaining('CreateKernel') });
    expect(await run('migrate')).toMatchObject({ code: 0, text: 'Datenbank ist aktuell.' });
  });

  it('creates an operator once', async () => {
    env.OPERATOR_PASSWORD = 'Betrieb-Passwort-1';
    expect((await run('operator:create', '--email', 'Betrieb@Example.org')).text).toBe('Betreiberzugang angelegt.');
    expect((await run('operator:create', '--email', 'betrieb@example.org')).text).toContain('gibt es schon');
    env.OPERATOR_PASSWORD = 'kurz';
    await expect(run('operator:create', '--email', 'zwei@example.org')).rejects.toThrow();
  });

  it('seeds the demo, rotates its data key and re-wraps under a new master key', async () => {
    const seeded = await run('demo:seed');
    expect(seeded.text).toContain('musterstadt');
    // The demo operator logs in with a second factor whose secret is printed (development only).
    expect(seeded.text).toMatch(/zweiter Faktor .*: [A-Z2-7]{32}/);
    expect((await run('demo:code')).text).toMatch(/^\d{6}$/);
    expect((await run('keys:rotate-centre', '--centre', 'musterstadt')).text).toBe('musterstadt: Datenschlüssel Version 2');
    await expect(run('keys:rotate-centre', '--centre', 'gibt-es-nicht')).rejects.toThrow(/No centre/);

    const next = (await run('keys:generate')).text;
    env = { ...env, MASTER_KEY: next, MASTER_KEY_PREVIOUS: env.MASTER_KEY! };
    expect((await run('keys:rewrap')).text).toBe('2 von 2 Datenschlüsseln neu verpackt.\n1 von 1 zweiten Faktoren des Betriebs neu verpackt.');
    // With only the new key configured there is nothing left to re-wrap.
    env = { ...env, MASTER_KEY_PREVIOUS: '' };
    expect((await run('keys:rewrap')).text).toBe('0 von 2 Datenschlüsseln neu verpackt.\n0 von 1 zweiten Faktoren des Betriebs neu verpackt.');
  });

  it("resets an operator's second factor", async () => {
    expect(await run('operator:reset-two-factor', '--email', 'niemand@example.org')).toMatchObject({ code: 1, text: expect.stringContaining('gibt es nicht') });
    // The demo operator has one (seeded above); afterwards there is none left to re-wrap.
    expect(await run('operator:reset-two-factor', '--email', 'Betrieb@Beradig.example')).toMatchObject({ code: 0, text: expect.stringContaining('zurückgesetzt') });
    expect((await run('keys:rewrap')).text).toBe('0 von 2 Datenschlüsseln neu verpackt.');
  });

  it('explains itself', async () => {
    expect((await run('help')).text).toContain('keys:rewrap');
    expect((await run('help')).text).toContain('operator:reset-two-factor');
    expect((await run('gibt-es-nicht')).code).toBe(2);
  });
});
