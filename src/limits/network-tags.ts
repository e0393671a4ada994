import { createHmac, hkdfSync } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { Injectable } from '@nestjs/common';
import proxyaddr from 'proxy-addr';

import { AppConfig } from '../config/app-config.js';
import { MasterKeyring } from '../crypto/master-keyring.js';
import { clientNetwork } from '../identity/accounts/lockout.js';

/**
 * A keyed hash of the network a request comes from (an IPv4 address, an IPv6 /64), for limits on
 * people without an account: counted per network, with no address kept anywhere. The same tag
 * for an HTTP request and a socket's handshake, behind the same proxies (`TRUST_PROXY`).
 */
@Injectable()
export class NetworkTags {
  private readonly key: Buffer;
  private readonly trust: (address: string, hop: number) => boolean;

  constructor(keyring: MasterKeyring, config: AppConfig) {
    this.key = Buffer.from(hkdfSync('sha256', keyring.current.key, 'beradig', 'beradig/network-tag/v1', 32));
    this.trust = compileTrust(config.trustProxy);
  }

  /** The tag of an address as Express gives it (`req.ip`). */
  of(ip: string | undefined): string {
    return createHmac('sha256', this.key).update(clientNetwork(ip)).digest('base64url');
  }

  /** The tag of a raw request (a socket's handshake), through the trusted proxies like `req.ip`. */
  ofRequest(req: IncomingMessage): string {
    return this.of(proxyaddr(req, this.trust));
  }
}

/** As Express compiles its `trust proxy` setting. */
function compileTrust(value: string | number | boolean): (address: string, hop: number) => boolean {
  if (value === true) return () => true;
  if (value === false) return () => false;
  if (typeof value === 'number') return (_address, hop) => hop < value;
  return proxyaddr.compile(value.split(',').map((v) => v.trim()));
}
