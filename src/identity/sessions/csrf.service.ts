import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { MasterKeyring } from '../../crypto/master-keyring.js';

const ANONYMOUS = 'anonymous';

/**
 * Synchroniser tokens without server state: a random nonce plus an HMAC over the session id.
 * A token obtained before login does not work after it, and one of another session never works.
 * Every state-changing API request must carry one in X-CSRF-Token; a cross-site form cannot
 * set that header, and cross-origin scripts cannot read the token.
 */
@Injectable()
export class CsrfService {
  private readonly key: Buffer;

  constructor(keyring: MasterKeyring) {
    // Derived from the master key so every instance agrees without sharing another secret.
    this.key = Buffer.from(hkdfSync('sha256', keyring.current.key, 'beradig', 'beradig/csrf/v1', 32));
  }

  issue(sessionId: string | undefined): string {
    const nonce = randomBytes(16).toString('base64url');
    return `${nonce}.${this.mac(sessionId ?? ANONYMOUS, nonce)}`;
  }

  verify(token: unknown, sessionId: string | undefined): boolean {
    if (typeof token !== 'string' || token.length > 200) return false;
    const [nonce, mac] = token.split('.');
    if (!nonce || !mac) return false;
    const expected = Buffer.from(this.mac(sessionId ?? ANONYMOUS, nonce));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private mac(sessionId: string, nonce: string): string {
    return createHmac('sha256', this.key).update(sessionId).update('.').update(nonce).digest('base64url');
  }
}
