import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { actorOf, AuditService, fromSqlDate, HotSql, invalid, type Principal, RealtimeService, type ResolvedCentre, sqlDate } from '#kernel';

import { AnonymousDuty } from './anonymous.entities.js';
import type { LiveStatus } from './contracts.js';
import type { DutyDto } from './dto.js';

export const DEFAULT_DUTY_HOURS = 2;
export const MAX_DUTY_HOURS = 12;
const STATUS_CACHE_MS = 1_000;
const DUTY_CHANGED = 'anonymous:duty-changed';

/**
 * Who staffs the live chat: a counsellor opens it until a time, with how many visitors they take
 * at once; several may staff it together. The live chat is open while anyone does.
 */
@Injectable()
export class DutyService {
  private readonly statusCache = new Map<string, { status: LiveStatus; at: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sql: HotSql,
    private readonly audit: AuditService,
    private readonly realtime: RealtimeService,
  ) {
    realtime.fromOtherInstances(DUTY_CHANGED, (centreId) => this.statusCache.delete(centreId));
  }

  async mine(centreId: string, counsellorId: string, now = new Date()): Promise<AnonymousDuty | null> {
    const duty = await this.dataSource.getRepository(AnonymousDuty).findOneBy({ counsellorId, centreId });
    return duty && duty.until > now ? duty : null;
  }

  /** Opens (or changes) or closes the counsellor's duty. Answers whether it is on now. */
  async set(centre: ResolvedCentre, counsellor: Principal, dto: DutyDto, now = new Date()): Promise<boolean> {
    const repo = this.dataSource.getRepository(AnonymousDuty);
    const before = await this.mine(centre.id, counsellor.id, now);
    if (!dto.active) {
      await repo.delete({ counsellorId: counsellor.id, centreId: centre.id });
      if (before) await this.audit.record(actorOf(counsellor), { action: 'anonymous.duty-off' });
      this.changed(centre.id);
      return false;
    }
    const until = dto.until ? new Date(dto.until) : new Date(now.getTime() + DEFAULT_DUTY_HOURS * 3_600_000);
    if (!(until > now) || until.getTime() - now.getTime() > MAX_DUTY_HOURS * 3_600_000) {
      throw invalid([{ field: 'until', code: 'field.dutyUntil', params: { max: MAX_DUTY_HOURS } }]);
    }
    const capacity = dto.capacity ?? before?.capacity ?? 1;
    await repo.upsert({ counsellorId: counsellor.id, centreId: centre.id, until, capacity, startedAt: before?.startedAt ?? now, lastAssignedAt: before?.lastAssignedAt ?? now }, ['counsellorId']);
    if (!before) await this.audit.record(actorOf(counsellor), { action: 'anonymous.duty-on' });
    this.changed(centre.id);
    return true;
  }

  /** Counsellors whose duty ran out: their rows go. Answers the centres where that happened. */
  async expire(now = new Date()): Promise<string[]> {
    const ended = await this.sql.query<{ centreId: string }>('SELECT DISTINCT centreId FROM anonymous_duty WHERE until <= ?', [sqlDate(now)]);
    if (ended.length === 0) return [];
    await this.sql.run('DELETE FROM anonymous_duty WHERE until <= ?', [sqlDate(now)]);
    for (const { centreId } of ended) this.changed(centreId);
    return ended.map((e) => e.centreId);
  }

  async onDuty(centreId: string, now = new Date()): Promise<string[]> {
    return (await this.sql.query<{ counsellorId: string }>('SELECT counsellorId FROM anonymous_duty WHERE centreId = ? AND until > ?', [centreId, sqlDate(now)])).map((r) => r.counsellorId);
  }

  /** Open or not, until when, and whether every counsellor on duty is at capacity (a second's cache: the portal asks often). */
  async status(centreId: string): Promise<LiveStatus> {
    const hit = this.statusCache.get(centreId);
    if (hit && Date.now() - hit.at < STATUS_CACHE_MS) return hit.status;
    const rows = await this.sql.query<{ until: unknown; capacity: number | string; serving: number | string }>(
      `SELECT d.until, d.capacity,
         (SELECT COUNT(*) FROM anonymous_chat c WHERE c.counsellorId = d.counsellorId AND c.status = 'active' AND c.centreId = d.centreId) AS serving
       FROM anonymous_duty d WHERE d.centreId = ? AND d.until > ?`,
      [centreId, sqlDate(new Date())],
    );
    const until = rows.length ? new Date(Math.max(...rows.map((r) => fromSqlDate(r.until).getTime()))) : null;
    const status: LiveStatus = { open: rows.length > 0, until: until?.toISOString() ?? null, busy: rows.length > 0 && rows.every((r) => Number(r.serving) >= Number(r.capacity)) };
    this.statusCache.set(centreId, { status, at: Date.now() });
    return status;
  }

  /** A duty changed here: this instance and the others answer the status afresh. */
  changed(centreId: string): void {
    this.statusCache.delete(centreId);
    this.realtime.toOtherInstances(DUTY_CHANGED, centreId);
  }
}
