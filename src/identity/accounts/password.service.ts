import { Injectable, type OnModuleInit } from '@nestjs/common';
import argon2 from 'argon2';

import { PASSWORD_MAX_LENGTH } from './password-policy.js';

/** OWASP's minimum for argon2id: 19 MiB memory, 2 iterations, 1 lane. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;


@Injectable()
export class PasswordService implements OnModuleInit {
  private dummyHash = '';

  async onModuleInit(): Promise<void> {
    this.dummyHash = await argon2.hash('beradig-timing-equaliser', ARGON2_OPTIONS);
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    if (!hash || password.length > PASSWORD_MAX_LENGTH) {
      // Same work whether or not the account exists: no enumeration through timing.
      await argon2.verify(this.dummyHash, password.slice(0, PASSWORD_MAX_LENGTH)).catch(() => false);
      return false;
    }
    return argon2.verify(hash, password).catch(() => false);
  }

  /** True when a stored hash was made with weaker parameters than today's. */
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, ARGON2_OPTIONS);
  }
}
