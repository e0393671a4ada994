import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import type { MasterKeySource } from '../config/app-config.js';

export interface MasterKey {
  /** Short fingerprint stored beside each wrapped data key, so rotation knows which key wrapped it. */
  readonly id: string;
  readonly key: Buffer;
}

/**
 * The master keys the app may unwrap data keys with. The current one wraps; previous ones only
 * unwrap, which is what lets an operator rotate the master key without downtime.
 */
export class MasterKeyring {
  private readonly byId: Map<string, MasterKey>;

  constructor(
    readonly current: MasterKey,
    previous: MasterKey[] = [],
  ) {
    this.byId = new Map([current, ...previous].map((k) => [k.id, k]));
  }

  get(id: string): MasterKey | undefined {
    return this.byId.get(id);
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }
}

export function parseMasterKey(text: string): MasterKey {
  const trimmed = text.trim();
  let key: Buffer;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) key = Buffer.from(trimmed, 'hex');
  else key = Buffer.from(trimmed, 'base64');
  if (key.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(trimmed) && key.toString('base64') !== normaliseBase64(trimmed))) {
    throw new Error('A master key must be 32 bytes, given as 64 hex digits or 44 base64 characters.');
  }
  return { id: fingerprint(key), key };
}

export function generateMasterKeyText(): string {
  return randomBytes(32).toString('base64');
}

export function fingerprint(key: Buffer): string {
  return createHash('sha256').update('beradig-master-key-id').update(key).digest('hex').slice(0, 16);
}

function normaliseBase64(text: string): string {
  return text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
}

export interface LoadedKeyring {
  keyring: MasterKeyring;
  /** Set when this start created the key file (embedded default), so the caller can say so. */
  generatedAt?: string;
}

/** Key files hold one key per line; the first is current, later lines are previous keys. */
function keysFromFile(path: string): MasterKey[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (lines.length === 0) throw new Error(`The master key file ${path} holds no key.`);
  return lines.map(parseMasterKey);
}

export function loadMasterKeyring(source: MasterKeySource): LoadedKeyring {
  switch (source.kind) {
    case 'env':
      return { keyring: new MasterKeyring(parseMasterKey(source.current), source.previous.map(parseMasterKey)) };
    case 'file': {
      const [current, ...older] = keysFromFile(source.path);
      return { keyring: new MasterKeyring(current!, [...older, ...source.previous.map(parseMasterKey)]) };
    }
    case 'generated': {
      if (existsSync(source.path)) {
        const mode = statSync(source.path).mode & 0o777;
        if (mode & 0o077) chmodSync(source.path, 0o600);
        const [current, ...older] = keysFromFile(source.path);
        return { keyring: new MasterKeyring(current!, older) };
      }
      mkdirSync(dirname(source.path), { recursive: true, mode: 0o700 });
      writeFileSync(source.path, generateMasterKeyText() + '\n', { mode: 0o600, flag: 'wx' });
      const [current] = keysFromFile(source.path);
      return { keyring: new MasterKeyring(current!), generatedAt: source.path };
    }
  }
}
