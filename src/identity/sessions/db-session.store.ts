import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';

import { HotSql } from '../../database/hot-sql.js';
import { fromSqlBool, fromSqlDate, placeholders, sqlDate } from '../../database/sql.js';
import { Session } from './session.entity.js';
import { SessionStore, type StoredSession } from './session.store.js';

@Injectable()
export class DbSessionStore extends SessionStore {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly sql: HotSql,
  ) {
    super();
  }

  async create(s: StoredSession): Promise<void> {
    await this.sessions.insert({
      id: s.id,
      principalType: s.principal.type,
      principalId: s.principal.id,
      role: s.principal.role,
      centreId: s.principal.centreId,
      twoFactorSetupPending: s.twoFactorSetupPending,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
    });
  }

  async alive(ids: string[], now: Date, idleSince: Date): Promise<Set<string>> {
    const alive = new Set<string>();
    for (let at = 0; at < ids.length; at += 500) {
      const chunk = ids.slice(at, at + 500);
      const rows = await this.sql.query<{ id: string }>(
        `SELECT id FROM session WHERE id IN (${placeholders(chunk.length)}) AND expiresAt > ? AND lastSeenAt > ?`,
        [...chunk, sqlDate(now), sqlDate(idleSince)],
      );
      for (const row of rows) alive.add(row.id);
    }
    return alive;
  }

  /** Every API request asks this, so it is one plain query rather than a built one. */
  async get(id: string): Promise<StoredSession | null> {
    const rows = await this.sql.query<Record<string, unknown>>(
      'SELECT principalType, principalId, role, centreId, twoFactorSetupPending, createdAt, lastSeenAt, expiresAt FROM session WHERE id = ?',
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id,
      principal: {
        type: row.principalType as Session['principalType'],
        id: row.principalId as string,
        role: row.role as Session['role'],
        centreId: (row.centreId as string | null) ?? null,
      },
      twoFactorSetupPending: fromSqlBool(row.twoFactorSetupPending),
      createdAt: fromSqlDate(row.createdAt),
      lastSeenAt: fromSqlDate(row.lastSeenAt),
      expiresAt: fromSqlDate(row.expiresAt),
    };
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.sessions.update({ id }, { lastSeenAt: at });
  }

  async update(id: string, changes: { twoFactorSetupPending: boolean }): Promise<void> {
    await this.sessions.update({ id }, changes);
  }

  async delete(id: string): Promise<void> {
    await this.sessions.delete({ id });
  }

  async deleteForPrincipal(principalId: string): Promise<number> {
    return (await this.sessions.delete({ principalId })).affected ?? 0;
  }

  async deleteForCentre(centreId: string): Promise<number> {
    return (await this.sessions.delete({ centreId })).affected ?? 0;
  }

  async deleteStale(now: Date, idleSince: Date): Promise<number> {
    const expired = await this.sessions.delete({ expiresAt: LessThan(now) });
    const idle = await this.sessions.delete({ lastSeenAt: LessThan(idleSince) });
    return (expired.affected ?? 0) + (idle.affected ?? 0);
  }
}
