import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';

import { CryptoService } from '../crypto/crypto.service.js';
import { UserAccount } from '../identity/accounts/user-account.entity.js';
import { CasesService } from './cases.service.js';

const TTL_MS = 60_000;

/**
 * Display names of the people in cases (authors of messages, uploaders, chat members), opened
 * once a minute per person rather than per row: threads show the same few people over and over.
 */
const MAX_CACHED = 10_000;

@Injectable()
export class DisplayNames {
  private readonly cache = new Map<string, { name: string; at: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly cases: CasesService,
  ) {}

  async of(centreId: string, userIds: readonly string[]): Promise<Map<string, string>> {
    const now = Date.now();
    const names = new Map<string, string>();
    const missing: string[] = [];
    for (const id of new Set(userIds)) {
      const hit = this.cache.get(id);
      if (hit && now - hit.at < TTL_MS) names.set(id, hit.name);
      else missing.push(id);
    }
    if (missing.length > 0) {
      // Names are sealed personal data: keep only a bounded, short-lived working set in memory.
      if (this.cache.size > MAX_CACHED) this.cache.clear();
      const cipher = await this.crypto.forCentre(centreId);
      for (const account of await this.dataSource.getRepository(UserAccount).findBy({ id: In(missing), centreId })) {
        const name = this.cases.displayName(cipher, account);
        this.cache.set(account.id, { name, at: now });
        names.set(account.id, name);
      }
    }
    return names;
  }
}
