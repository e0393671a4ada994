import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import {
  AbsenceService,
  ACCOUNT_REGISTERED,
  type AccountRegisteredEvent,
  ActivityNotifier,
  actorOf,
  AuditService,
  CasesService,
  CentreService,
  errorFields,
  invalid,
  type Principal,
  RealtimeService,
  type ResolvedCentre,
  writeLock,
} from '#kernel';

import { type CrisisView, SCHEDULING_EVENTS } from './contracts.js';
import type { CrisisDto } from './dto.js';
import { SchedulingProfile } from './scheduling.entities.js';
import { SCHEDULING_TEMPLATES } from './templates.js';
import { TeamService } from './team.service.js';

const WEEK = 7 * 24 * 3_600_000;

/**
 * Crisis contacts: a counsellor on duty (until a time, or until switched off) gets every client
 * who registers and confirms meanwhile, directly — no waiting for the administration. With
 * several on duty the next goes to whoever has had fewest; the choice is made with their rows
 * locked, so registrations at the same moment are shared out, on every instance.
 */
@Injectable()
export class CrisisService {
  private readonly logger = new Logger(CrisisService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly team: TeamService,
    private readonly cases: CasesService,
    private readonly centres: CentreService,
    private readonly absence: AbsenceService,
    private readonly notifier: ActivityNotifier,
    private readonly realtime: RealtimeService,
    private readonly audit: AuditService,
  ) {}

  async view(centre: ResolvedCentre, counsellor: Principal, now = new Date()): Promise<CrisisView> {
    return crisisView(await this.team.ensure(centre.id, counsellor.id), now);
  }

  async set(centre: ResolvedCentre, counsellor: Principal, dto: CrisisDto, now = new Date()): Promise<CrisisView> {
    const until = dto.active && dto.until ? new Date(dto.until) : null;
    if (until && (!(until > now) || until.getTime() - now.getTime() > WEEK)) throw invalid([{ field: 'until', code: 'field.crisisUntil' }]);
    await this.dataSource.transaction(async (manager) => {
      const mine = await this.team.ensure(centre.id, counsellor.id, manager);
      const changes: Partial<SchedulingProfile> = { crisisActive: dto.active, crisisUntil: until, updatedAt: now };
      // Coming on duty starts level with those already on it, not with a long queue of turns.
      if (dto.active && !onDuty(mine, now)) changes.crisisCount = Math.max(...(await this.onDuty(centre.id, now, manager)).map((p) => p.crisisCount), 0);
      await manager.update(SchedulingProfile, { counsellorId: counsellor.id, centreId: centre.id }, changes);
      await this.audit.record(actorOf(counsellor), { action: dto.active ? 'scheduling.crisis-on' : 'scheduling.crisis-off', target: { type: 'scheduling_profile', id: counsellor.id } }, manager);
    });
    return this.view(centre, counsellor, now);
  }

  /** The administration ends someone's crisis duty (e.g. they fell ill). */
  async switchOff(centre: ResolvedCentre, admin: Principal, counsellorId: string): Promise<void> {
    await this.team.counsellorOf(centre, counsellorId);
    await this.dataSource.getRepository(SchedulingProfile).update({ counsellorId, centreId: centre.id }, { crisisActive: false, crisisUntil: null, updatedAt: new Date() });
    await this.audit.record(actorOf(admin), { action: 'scheduling.crisis-off', target: { type: 'scheduling_profile', id: counsellorId } });
  }

  @OnEvent(ACCOUNT_REGISTERED, { async: true, suppressErrors: true })
  async registered(event: AccountRegisteredEvent): Promise<void> {
    try {
      const centre = await this.centres.resolveId(event.centreId);
      if (!centre || centre.suspended || !centre.modules.includes('scheduling')) return;
      await this.assignNewClient(centre, event.userId);
    } catch (error) {
      this.logger.warn({ err: errorFields(error) }, 'crisis assignment failed');
    }
  }

  /** The new client goes to the crisis contact whose turn it is, if one is on duty. Returns whom. */
  async assignNewClient(centre: ResolvedCentre, clientId: string, now = new Date()): Promise<string | null> {
    const active = new Set((await this.cases.counsellors(centre)).map((c) => c.id));
    let chosen: string | null = null;
    // The count moves only if nobody moved it since it was read (on SQLite, whose transactions
    // share one connection, the lock alone does not keep two choices apart): else choose again.
    for (let attempt = 0; attempt < 10 && !chosen; attempt++) {
      const outcome = await this.dataSource.transaction(async (manager) => {
        const candidates = await this.onDuty(centre.id, now, manager, true);
        const available: SchedulingProfile[] = [];
        for (const c of candidates) if (active.has(c.counsellorId) && !(await this.absence.isAbsent(centre.id, c.counsellorId))) available.push(c);
        const next = available.sort((a, b) => a.crisisCount - b.crisisCount || a.counsellorId.localeCompare(b.counsellorId))[0];
        if (!next) return 'nobody' as const;
        const { affected } = await manager.update(SchedulingProfile, { counsellorId: next.counsellorId, centreId: centre.id, crisisCount: next.crisisCount }, { crisisCount: next.crisisCount + 1 });
        return affected ? next.counsellorId : null;
      });
      if (outcome === 'nobody') return null;
      chosen = outcome;
    }
    if (!chosen) return null;
    const client: Principal = { type: 'user', id: clientId, role: 'client', centreId: centre.id };
    const { caseId, assigned } = await this.cases.assignClient(centre, client, clientId, chosen);
    if (!assigned) return null;
    await this.audit.record({ type: 'system', id: null, centreId: centre.id }, { action: 'scheduling.crisis-assigned', target: { type: 'case', id: caseId } });
    this.realtime.toUsers([chosen], SCHEDULING_EVENTS.crisisClient, { caseId });
    await this.notifier.sendNow(centre, [chosen], SCHEDULING_TEMPLATES['crisis-client']);
    return chosen;
  }

  /** Profiles on crisis duty now; `lock`: with their rows locked until the transaction ends. */
  private async onDuty(centreId: string, now: Date, manager = this.dataSource.manager, lock = false): Promise<SchedulingProfile[]> {
    const mode = lock ? writeLock(manager) : undefined;
    const rows = await manager.find(SchedulingProfile, { where: { centreId, crisisActive: true }, ...(mode ? { lock: { mode } } : {}) });
    return rows.filter((r) => onDuty(r, now));
  }
}

function onDuty(p: SchedulingProfile, now: Date): boolean {
  return !!p.crisisActive && (!p.crisisUntil || p.crisisUntil > now);
}

function crisisView(p: SchedulingProfile, now: Date): CrisisView {
  const active = onDuty(p, now);
  return { active, until: active && p.crisisUntil ? p.crisisUntil.toISOString() : null };
}
