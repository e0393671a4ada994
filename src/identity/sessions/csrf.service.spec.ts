import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { MasterKeyring, parseMasterKey } from '../../crypto/master-keyring.js';
import { CsrfService } from './csrf.service.js';

describe('CsrfService', () => {
  const service = new CsrfService(new MasterKeyring(parseMasterKey(randomBytes(32).toString('base64'))));

  it('accepts its own token for the same session only', () => {
    const token = service.issue('session-a');
    expect(service.verify(token, 'session-a')).toBe(true);
    expect(service.verify(token, 'session-b')).toBe(false);
    expect(service.verify(token, undefined)).toBe(false);
    expect(service.verify(service.issue(undefined), undefined)).toBe(true);
  });

  it('rejects garbage and tokens of another installation', () => {
    const other = new CsrfService(new MasterKeyring(parseMasterKey(randomBytes(32).toString('hex'))));
    for (const bad of [undefined, '', 'x', 'a.b', 42, other.issue('s'), service.issue('s') + 'x']) {
      expect(service.verify(bad, 's')).toBe(false);
    }
  });
});
