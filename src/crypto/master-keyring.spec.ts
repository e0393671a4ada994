import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadMasterKeyring, parseMasterKey } from './master-keyring.js';

describe('master keyring', () => {
  it('parses base64 and hex keys and refuses other lengths', () => {
    const key = randomBytes(32);
    expect(parseMasterKey(key.toString('base64')).key.equals(key)).toBe(true);
    expect(parseMasterKey(key.toString('hex')).key.equals(key)).toBe(true);
    expect(() => parseMasterKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => parseMasterKey('not a key')).toThrow();
  });

  it('generates a 0600 key file on first start and reuses it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'key-')), 'var', 'master.key');
    const first = loadMasterKeyring({ kind: 'generated', path });
    expect(first.generatedAt).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const second = loadMasterKeyring({ kind: 'generated', path });
    expect(second.generatedAt).toBeUndefined();
    expect(second.keyring.current.id).toBe(first.keyring.current.id);
    expect(readFileSync(path, 'utf8').trim()).toHaveLength(44);
  });

  it('keeps previous keys for unwrapping during rotation', () => {
    const oldKey = randomBytes(32).toString('base64');
    const { keyring } = loadMasterKeyring({ kind: 'env', current: randomBytes(32).toString('base64'), previous: [oldKey] });
    expect(keyring.ids).toHaveLength(2);
    expect(keyring.get(parseMasterKey(oldKey).id)).toBeDefined();
  });
});
