import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { DecryptionError, encodeAad, keyVersionOf, openWithKey, sealWithKey } from './envelope.js';

describe('envelope', () => {
  const key = randomBytes(32);
  const aad = encodeAad('centre-a', { table: 'thread_message', id: 'row-1', column: 'text' });

  it('round-trips and records the key version', () => {
    const sealed = sealWithKey(key, 7, aad, Buffer.from('Hallo Welt'));
    expect(keyVersionOf(sealed)).toBe(7);
    expect(openWithKey(key, aad, sealed).toString()).toBe('Hallo Welt');
  });

  it('uses a fresh IV each time', () => {
    const a = sealWithKey(key, 1, aad, Buffer.from('x'));
    const b = sealWithKey(key, 1, aad, Buffer.from('x'));
    expect(a.equals(b)).toBe(false);
  });

  it('refuses another row, column, table or tenant', () => {
    const sealed = sealWithKey(key, 1, aad, Buffer.from('geheim'));
    for (const other of [
      encodeAad('centre-b', { table: 'thread_message', id: 'row-1', column: 'text' }),
      encodeAad('centre-a', { table: 'thread_message', id: 'row-2', column: 'text' }),
      encodeAad('centre-a', { table: 'thread_message', id: 'row-1', column: 'subject' }),
      encodeAad('centre-a', { table: 'room_line', id: 'row-1', column: 'text' }),
    ]) {
      expect(() => openWithKey(key, other, sealed)).toThrow(DecryptionError);
    }
  });

  it('refuses a wrong key and any flipped bit', () => {
    const sealed = sealWithKey(key, 1, aad, Buffer.from('geheim'));
    expect(() => openWithKey(randomBytes(32), aad, sealed)).toThrow(DecryptionError);
    for (const at of [5, 20, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[at]! ^= 1;
      expect(() => openWithKey(key, aad, tampered)).toThrow(DecryptionError);
    }
  });

  it('refuses data that is not a sealed value', () => {
    expect(() => openWithKey(key, aad, Buffer.from('plain text that is long enough to pass'))).toThrow(DecryptionError);
    expect(() => keyVersionOf(Buffer.alloc(3))).toThrow(DecryptionError);
  });
});
