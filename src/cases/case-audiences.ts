import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { errorFields } from '../common/error-fields.js';
import { HotSql } from '../database/hot-sql.js';
import { ACCOUNT_ERASED } from '../identity/accounts/account-eraser.service.js';
import { ClusterBus } from '../redis/cluster-bus.js';
import { CASE_ASSIGNED, type CaseAssignedEvent } from './case-events.js';

/** Who hears of what is written in a case now: its clients and its current counsellor. */
export interface CaseAudience {
  counsellorId: string | null;
  memberIds: string[];
}

const TTL_MS = 60_000;
const MAX_ENTRIES = 20_000;
const CHANNEL = 'beradig:case-audience';

/**
 * The audience of a case, cached: asked on every message written, changed only by an assignment
 * or an erasure, which drop it here and on every other instance. It is never an access decision:
 * writes check the counsellor they expect in the statement itself (`CaseContent.currentPeriod`),
 * so a stale entry costs a retry, never a message in the wrong place.
 */
@Injectable()
export class CaseAudiences implements OnApplicationBootstrap {
  private readonly logger = new Logger(CaseAudiences.name);
  private readonly cache = new Map<string, { audience: CaseAudience; at: number }>();

  constructor(
    private readonly sql: HotSql,
    private readonly bus: ClusterBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.on(CHANNEL, (caseId) => (caseId === '*' ? this.cache.clear() : this.cache.delete(caseId)));
  }

  /** The case's audience, or null when the centre has no such case. */
  async of(centreId: string, caseId: string, options: { fresh?: boolean } = {}): Promise<CaseAudience | null> {
    const hit = this.cache.get(caseId);
    if (hit && !options.fresh && Date.now() - hit.at < TTL_MS) return hit.audience;
    const rows = await this.sql.query<{ counsellorId: string | null; members: string | null }>(
      `SELECT c.counsellorId AS counsellorId, (SELECT GROUP_CONCAT(m.userId) FROM case_member m WHERE m.caseId = c.id) AS members
       FROM counselling_case c WHERE c.id = ? AND c.centreId = ?`,
      [caseId, centreId],
    );
    const row = rows[0];
    if (!row) return null;
    const audience = { counsellorId: row.counsellorId, memberIds: row.members ? row.members.split(',') : [] };
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(caseId, { audience, at: Date.now() });
    return audience;
  }

  @OnEvent(CASE_ASSIGNED)
  assigned(event: CaseAssignedEvent): void {
    this.forget(event.caseId);
  }

  /** An erased person leaves their cases (rare): start afresh. */
  @OnEvent(ACCOUNT_ERASED)
  erased(): void {
    this.forget('*');
  }

  private forget(caseId: string): void {
    if (caseId === '*') this.cache.clear();
    else this.cache.delete(caseId);
    this.bus.publish(CHANNEL, caseId).catch((error: unknown) => this.logger.warn({ err: errorFields(error) }, 'audience invalidation failed'));
  }
}
