import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';

import { actorOf, AuditService } from '../audit/audit.service.js';
import { LatestValueThrottle } from '../common/coalesce.js';
import { errorFields } from '../common/error-fields.js';
import { invalid, notFound } from '../common/domain-error.js';
import type { Principal, ResolvedCentre } from '../common/request.js';
import { type CaseSummary, type CounsellorSummary, type PersonRef, REALTIME_EVENTS, type Routing } from '../contracts/cases.js';
import { type CentreCipher, CryptoService } from '../crypto/crypto.service.js';
import { isUuid, newId } from '../database/ids.js';
import { HotSql } from '../database/hot-sql.js';
import { sqlDate, writeLock } from '../database/sql.js';
import { AccountService } from '../identity/accounts/account.service.js';
import { UserAccount } from '../identity/accounts/user-account.entity.js';
import type { DataSubject } from '../privacy/personal-data.port.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { CounsellorAbsence } from './absence.entity.js';
import { CaseActivityRegistry } from './case-activity.port.js';
import { contentReader } from './case-content.js';
import { CASE_ASSIGNED, CASE_CREATED, type CaseAssignedEvent, type CaseCreatedEvent } from './case-events.js';
import { CaseMember } from './case-member.entity.js';
import { CasePeriod } from './case-period.entity.js';
import { CounsellingCase } from './case.entity.js';

const titleAad = (id: string) => ({ table: 'counselling_case', id, column: 'title' });
export const absenceAad = (userId: string) => ({ table: 'counsellor_absence', id: userId, column: 'text' });

/**
 * What a person may do with a case, decided in one place. Another centre's case, a case of
 * another counsellor and a case one is not a member of all look the same: not found.
 */
export type CaseAccess =
  | { role: 'admin'; case: CounsellingCase; currentPeriodId: string | null }
  | { role: 'counsellor'; case: CounsellingCase; currentPeriodId: string | null; ownPeriodIds: string[] }
  | { role: 'client'; case: CounsellingCase; currentPeriodId: string | null };

/** Access to a case's content: never the admin's (see `contentReader`). */
export type ContentAccess = Exclude<CaseAccess, { role: 'admin' }>;

@Injectable()
export class CasesService {
  private readonly logger = new Logger(CasesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly accounts: AccountService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly activity: CaseActivityRegistry,
    private readonly realtime: RealtimeService,
    private readonly sql: HotSql,
  ) {}

  /**
   * Who may see what of a case. With `lock` (inside a transaction) the case row stays locked
   * until commit, so an assignment cannot end the period that a write is about to use. SQLite
   * has one writer at a time anyway; MariaDB/MySQL lock the row.
   */
  async access(centre: ResolvedCentre, principal: Principal, caseId: string, manager = this.dataSource.manager, lock = false): Promise<CaseAccess> {
    if (!isUuid(caseId)) throw notFound('CASE_NOT_FOUND');
    const mode = lock ? writeLock(manager) : undefined;
    const found = await manager.findOne(CounsellingCase, { where: { id: caseId, centreId: centre.id }, lock: mode ? { mode } : undefined });
    if (!found) throw notFound('CASE_NOT_FOUND');
    const current = await manager.findOneBy(CasePeriod, { caseId, endedAt: IsNull() });
    const currentPeriodId = current?.id ?? null;
    switch (principal.role) {
      case 'admin':
        return { role: 'admin', case: found, currentPeriodId };
      case 'counsellor': {
        if (found.counsellorId !== principal.id) throw notFound('CASE_NOT_FOUND');
        const own = await manager.find(CasePeriod, { where: { caseId, counsellorId: principal.id }, select: { id: true } });
        return { role: 'counsellor', case: found, currentPeriodId, ownPeriodIds: own.map((p) => p.id) };
      }
      case 'client': {
        if (!(await manager.existsBy(CaseMember, { caseId, userId: principal.id }))) throw notFound('CASE_NOT_FOUND');
        return { role: 'client', case: found, currentPeriodId };
      }
      case 'operator':
      case 'guest':
        throw notFound('CASE_NOT_FOUND');
    }
  }

  /**
   * Who may see a case's content, with the periods a counsellor may read: `access` for the
   * content of features. The admin and the operator are refused here (404), whatever the route.
   */
  async contentAccess(centre: ResolvedCentre, principal: Principal, caseId: string, manager = this.dataSource.manager, lock = false): Promise<ContentAccess> {
    contentReader(principal);
    const access = await this.access(centre, principal, caseId, manager, lock);
    if (access.role === 'admin') throw notFound('CASE_NOT_FOUND');
    return access;
  }

  /** The client's individual case, opened (with its intake period) if there is none yet. */
  async openForClient(manager: EntityManager, centreId: string, clientId: string, routing?: Partial<Routing>): Promise<{ case: CounsellingCase; created: boolean }> {
    // One individual case per client: enquiries sent at the same moment wait for each other
    // here (MariaDB/MySQL; SQLite writes one transaction at a time anyway).
    const mode = writeLock(manager);
    if (mode) await manager.createQueryBuilder(UserAccount, 'u').select('u.id').where('u.id = :clientId', { clientId }).setLock(mode).getOne();
    const existing = await manager
      .createQueryBuilder(CounsellingCase, 'c')
      .innerJoin(CaseMember, 'm', 'm.caseId = c.id')
      .where('c.centreId = :centreId AND c.kind = :kind AND m.userId = :clientId', { centreId, kind: 'individual', clientId })
      .getOne();
    if (existing) {
      if (routing) {
        await manager.update(CounsellingCase, { id: existing.id }, { ...this.routingColumns(routing), updatedAt: new Date() });
        Object.assign(existing, this.routingColumns(routing));
      }
      return { case: existing, created: false };
    }
    const now = new Date();
    const created = Object.assign(new CounsellingCase(), {
      id: newId(),
      centreId,
      kind: 'individual' as const,
      status: 'new' as const,
      counsellorId: null,
      sealedTitle: null,
      topic: null,
      ageGroup: null,
      postcode: null,
      preferredContact: null,
      ...this.routingColumns(routing ?? {}),
      createdAt: now,
      updatedAt: now,
      lastActivityAt: now,
    });
    await manager.insert(CounsellingCase, { ...created });
    await manager.insert(CaseMember, { caseId: created.id, userId: clientId, centreId, joinedAt: now });
    await manager.insert(CasePeriod, { id: newId(), caseId: created.id, centreId, counsellorId: null, startedAt: now, endedAt: null });
    return { case: created, created: true };
  }

  /** After the transaction: tell the admins (board) about a new case. */
  announceCreated(centreId: string, caseId: string, kind: 'individual' | 'group'): void {
    this.events.emit(CASE_CREATED, { centreId, caseId, kind } satisfies CaseCreatedEvent);
    this.realtime.toAdmins(centreId, REALTIME_EVENTS.caseNew, { caseId });
  }

  /**
   * Assigns or reassigns. The first assignment takes over the intake period (the counsellor
   * reads the enquiry); every later one starts a new period, so the new counsellor sees nothing
   * written before it.
   */
  async assign(centre: ResolvedCentre, actor: Principal, caseId: string, counsellorId: string): Promise<CaseSummary> {
    return (await this.assignCase(centre, actor, caseId, counsellorId, false)).summary;
  }

  /**
   * `assign`, and whether this call changed it. `onlyIfUnassigned`: decided with the case row
   * locked, so of several callers at once (a client's parallel bookings) one assigns, the others
   * find it held and leave it as it is.
   */
  private async assignCase(centre: ResolvedCentre, actor: Principal, caseId: string, counsellorId: string, onlyIfUnassigned: boolean): Promise<{ summary: CaseSummary; changed: boolean }> {
    const event = await this.dataSource.transaction(async (manager) => {
      const { case: found, currentPeriodId } = await this.access(centre, actor, caseId, manager, true);
      const counsellor = await manager.findOneBy(UserAccount, { id: counsellorId, centreId: centre.id, role: 'counsellor', status: 'active' });
      if (!counsellor) throw invalid([{ field: 'counsellorId', code: 'field.counsellorUnknown' }]);
      if (found.counsellorId === counsellorId) return null;
      if (onlyIfUnassigned && found.counsellorId) return null;
      const now = new Date();
      const current = currentPeriodId ? await manager.findOneByOrFail(CasePeriod, { id: currentPeriodId }) : null;
      let periodId: string;
      if (current && current.counsellorId === null) {
        await manager.update(CasePeriod, { id: current.id }, { counsellorId });
        periodId = current.id;
      } else {
        if (current) await manager.update(CasePeriod, { id: current.id }, { endedAt: now });
        periodId = newId();
        await manager.insert(CasePeriod, { id: periodId, caseId, centreId: centre.id, counsellorId, startedAt: now, endedAt: null });
      }
      await manager.update(CounsellingCase, { id: caseId }, { counsellorId, status: 'assigned', updatedAt: now });
      await this.audit.record(actorOf(actor), { action: found.counsellorId ? 'case.reassigned' : 'case.assigned', target: { type: 'case', id: caseId } }, manager);
      const memberIds = await this.memberIds(caseId, manager);
      return { centreId: centre.id, caseId, kind: found.kind, memberIds, counsellorId, previousCounsellorId: found.counsellorId, periodId } satisfies CaseAssignedEvent;
    });
    if (event) {
      this.events.emit(CASE_ASSIGNED, event);
      this.realtime.toUsers([event.counsellorId], REALTIME_EVENTS.caseAssigned, { caseId });
      if (event.previousCounsellorId) this.realtime.toUsers([event.previousCounsellorId], REALTIME_EVENTS.caseUpdated, { caseId });
      this.realtime.toAdmins(centre.id, REALTIME_EVENTS.caseUpdated, { caseId });
    }
    return { summary: await this.summary(centre, actor, caseId), changed: event !== null };
  }

  /** A counsellor forms a group of several of their own clients; the group has its own thread. */
  async createGroup(centre: ResolvedCentre, counsellor: Principal, title: string, memberIds: string[]): Promise<CaseSummary> {
    const cipher = await this.crypto.forCentre(centre.id);
    const id = newId();
    await this.dataSource.transaction(async (manager) => {
      const own = await manager
        .createQueryBuilder(CaseMember, 'm')
        .innerJoin(CounsellingCase, 'c', 'c.id = m.caseId')
        .where('c.centreId = :centre AND c.kind = :kind AND c.counsellorId = :me AND m.userId IN (:...ids)', {
          centre: centre.id,
          kind: 'individual',
          me: counsellor.id,
          ids: memberIds,
        })
        .select('m.userId', 'userId')
        .getRawMany<{ userId: string }>();
      const allowed = new Set(own.map((r) => r.userId));
      if (memberIds.some((m) => !allowed.has(m))) throw invalid([{ field: 'memberIds', code: 'field.notYourClients' }]);
      const now = new Date();
      await manager.insert(CounsellingCase, {
        id,
        centreId: centre.id,
        kind: 'group',
        status: 'assigned',
        counsellorId: counsellor.id,
        sealedTitle: cipher.seal(titleAad(id), title),
        topic: null,
        ageGroup: null,
        postcode: null,
        preferredContact: null,
        createdAt: now,
        updatedAt: now,
        lastActivityAt: now,
      });
      await manager.insert(CaseMember, memberIds.map((userId) => ({ caseId: id, userId, centreId: centre.id, joinedAt: now })));
      await manager.insert(CasePeriod, { id: newId(), caseId: id, centreId: centre.id, counsellorId: counsellor.id, startedAt: now, endedAt: null });
      await this.audit.record(actorOf(counsellor), { action: 'group.created', target: { type: 'case', id } }, manager);
    });
    this.events.emit(CASE_CREATED, { centreId: centre.id, caseId: id, kind: 'group' } satisfies CaseCreatedEvent);
    this.realtime.toUsers(memberIds, REALTIME_EVENTS.caseUpdated, { caseId: id });
    return this.summary(centre, counsellor, id);
  }

  /**
   * Something was written in a case (lists sort by it). A busy case writes its last activity at
   * most once a second: the first at once, the latest at the end of the second.
   */
  recordActivity(caseId: string, at: Date): void {
    this.activityWrites.push(caseId, at);
  }

  private readonly activityWrites = new LatestValueThrottle<Date>(
    1000,
    async (caseId, at) => void (await this.sql.run('UPDATE counselling_case SET lastActivityAt = ? WHERE id = ?', [sqlDate(at), caseId])),
    (error) => this.logger.warn({ err: errorFields(error) }, 'case activity not written'),
  );

  /** The clients whose individual case a counsellor holds now (whom they may invite to a chat). */
  /**
   * The clients whose individual case this counsellor holds. With `among` and `lock` (inside a
   * transaction), only those people are asked and their case rows stay locked until commit, so
   * a reassignment cannot slip between the check and what the caller writes (MariaDB/MySQL).
   */
  async ownClients(centreId: string, counsellorId: string, options: { manager?: EntityManager; among?: string[]; lock?: boolean } = {}): Promise<string[]> {
    const manager = options.manager ?? this.dataSource.manager;
    if (options.among?.length === 0) return [];
    const qb = manager
      .createQueryBuilder(CaseMember, 'm')
      .innerJoin(CounsellingCase, 'c', 'c.id = m.caseId')
      .where('c.centreId = :centreId AND c.kind = :kind AND c.counsellorId = :counsellorId', { centreId, kind: 'individual', counsellorId })
      .select('m.userId', 'userId');
    if (options.among) qb.andWhere('m.userId IN (:...among)', { among: options.among });
    const mode = options.lock ? writeLock(manager) : undefined;
    if (mode) qb.setLock(mode);
    const rows = await qb.getRawMany<{ userId: string }>();
    return rows.map((r) => r.userId);
  }

  /** The people who may read what is written now: the members and the current counsellor. */
  async audience(caseRow: CounsellingCase, manager = this.dataSource.manager): Promise<{ clients: string[]; counsellorId: string | null }> {
    return { clients: await this.memberIds(caseRow.id, manager), counsellorId: caseRow.counsellorId };
  }

  /** A client's own (individual) case and who holds it, or null before their first case. */
  async caseOfClient(centreId: string, clientId: string, manager = this.dataSource.manager): Promise<{ caseId: string; counsellorId: string | null } | null> {
    const row = await manager
      .createQueryBuilder(CounsellingCase, 'c')
      .innerJoin(CaseMember, 'm', 'm.caseId = c.id')
      .where('c.centreId = :centreId AND c.kind = :kind AND m.userId = :clientId', { centreId, kind: 'individual', clientId })
      .select(['c.id', 'c.counsellorId'])
      .getOne();
    return row ? { caseId: row.id, counsellorId: row.counsellorId } : null;
  }

  /**
   * A client goes to a counsellor without the administration deciding it (they booked the
   * counsellor's appointment, or came while a crisis contact was on duty): their case is opened
   * if they have none (the admins' board hears of it) and assigned exactly as the admin would —
   * the enquiry written before goes with it. A case someone holds already stays with them.
   */
  async assignClient(centre: ResolvedCentre, actor: Principal, clientId: string, counsellorId: string): Promise<{ caseId: string; assigned: boolean }> {
    const opened = await this.dataSource.transaction((manager) => this.openForClient(manager, centre.id, clientId));
    if (opened.created) this.announceCreated(centre.id, opened.case.id, 'individual');
    const client: Principal = { type: 'user', id: clientId, role: 'client', centreId: centre.id };
    const before = (await this.caseOfClient(centre.id, clientId))?.counsellorId ?? null;
    if (before) return { caseId: opened.case.id, assigned: false };
    // Checked again under the case's lock: "assigned" only for the call that assigned it, so a
    // client's bookings at the same moment neither reassign each other nor tell the admins twice.
    const { changed } = await this.assignCase(centre, actor.role === 'client' ? actor : client, opened.case.id, counsellorId, true);
    return { caseId: opened.case.id, assigned: changed };
  }

  /** The cases a person is a client in (their own and their groups), for export and erasure. */
  async memberCaseIds(subject: DataSubject, manager = this.dataSource.manager): Promise<string[]> {
    return (await manager.find(CaseMember, { where: { userId: subject.userId, centreId: subject.centreId }, select: { caseId: true } })).map((m) => m.caseId);
  }

  /** A person's own (individual) cases, which go with them when they are erased. */
  async individualCaseIds(subject: DataSubject, manager = this.dataSource.manager): Promise<string[]> {
    const ids = await this.memberCaseIds(subject, manager);
    if (ids.length === 0) return [];
    return (await manager.find(CounsellingCase, { where: { id: In(ids), kind: 'individual' }, select: { id: true } })).map((c) => c.id);
  }

  /** The clients of a case (one, or a group's members). */
  async memberIds(caseId: string, manager = this.dataSource.manager): Promise<string[]> {
    return (await manager.find(CaseMember, { where: { caseId }, select: { userId: true } })).map((m) => m.userId);
  }

  async list(centre: ResolvedCentre, principal: Principal): Promise<CaseSummary[]> {
    const qb = this.dataSource.getRepository(CounsellingCase).createQueryBuilder('c').where('c.centreId = :centre', { centre: centre.id });
    if (principal.role === 'counsellor') qb.andWhere('c.counsellorId = :me', { me: principal.id });
    if (principal.role === 'client') qb.innerJoin(CaseMember, 'm', 'm.caseId = c.id AND m.userId = :me', { me: principal.id });
    const rows = await qb.orderBy('c.lastActivityAt', 'DESC').getMany();
    return this.summaries(centre, principal, rows);
  }

  async summary(centre: ResolvedCentre, principal: Principal, caseId: string): Promise<CaseSummary> {
    const { case: row } = await this.access(centre, principal, caseId);
    return (await this.summaries(centre, principal, [row]))[0]!;
  }

  /** Counsellors for the assignment board: open cases and whether the absence assistant is on. */
  async counsellors(centre: ResolvedCentre): Promise<CounsellorSummary[]> {
    const cipher = await this.crypto.forCentre(centre.id);
    const rows = await this.dataSource.getRepository(UserAccount).findBy({ centreId: centre.id, role: 'counsellor', status: 'active' });
    const counts = await this.dataSource
      .getRepository(CounsellingCase)
      .createQueryBuilder('c')
      .select('c.counsellorId', 'id')
      .addSelect('COUNT(*)', 'n')
      .where('c.centreId = :centre AND c.counsellorId IS NOT NULL', { centre: centre.id })
      .groupBy('c.counsellorId')
      .getRawMany<{ id: string; n: number | string }>();
    const absences = await this.dataSource.getRepository(CounsellorAbsence).findBy({ centreId: centre.id, enabled: true });
    return rows
      .map((row) => ({
        id: row.id,
        name: this.accounts.open(cipher, row).displayName ?? '',
        openCases: Number(counts.find((c) => c.id === row.id)?.n ?? 0),
        absent: absences.some((a) => a.userId === row.id),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'de'));
  }

  private routingColumns(routing: Partial<Routing>): Partial<CounsellingCase> {
    const out: Partial<CounsellingCase> = {};
    if (routing.topic !== undefined) out.topic = routing.topic;
    if (routing.ageGroup !== undefined) out.ageGroup = routing.ageGroup;
    if (routing.postcode !== undefined) out.postcode = routing.postcode;
    if (routing.preferredContact !== undefined) out.preferredContact = routing.preferredContact;
    return out;
  }

  private async summaries(centre: ResolvedCentre, principal: Principal, rows: CounsellingCase[]): Promise<CaseSummary[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const members = await this.dataSource.getRepository(CaseMember).find({ where: { caseId: In(ids) }, select: { caseId: true, userId: true } });
    const peopleIds = [...new Set([...members.map((m) => m.userId), ...rows.map((r) => r.counsellorId).filter((c): c is string => !!c)])];
    const people = peopleIds.length ? await this.dataSource.getRepository(UserAccount).findBy({ id: In(peopleIds) }) : [];
    const cipher = await this.crypto.forCentre(centre.id);
    const names = new Map(people.map((p) => [p.id, this.displayName(cipher, p)]));
    const unread = principal.role === 'admin' ? new Map<string, number>() : await this.activity.unread(principal, ids);
    const counsellorIds = [...new Set(rows.map((r) => r.counsellorId).filter((c): c is string => !!c))];
    const absences = counsellorIds.length
      ? await this.dataSource.getRepository(CounsellorAbsence).findBy({ userId: In(counsellorIds), enabled: true })
      : [];
    const showRouting = principal.role !== 'client';
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      status: row.status,
      // A group's name is the counsellor's words about its people: content, not for the admin.
      title: row.sealedTitle && principal.role !== 'admin' ? cipher.openText(titleAad(row.id), row.sealedTitle) : null,
      counsellor: row.counsellorId ? { id: row.counsellorId, name: names.get(row.counsellorId) ?? '' } : null,
      counsellorAbsence: this.absenceOf(cipher, absences.find((a) => a.userId === row.counsellorId)),
      members: members.filter((m) => m.caseId === row.id).map((m): PersonRef => ({ id: m.userId, name: names.get(m.userId) ?? '' })),
      routing: showRouting && row.kind === 'individual'
        ? { topic: row.topic, ageGroup: row.ageGroup, postcode: row.postcode, preferredContact: row.preferredContact }
        : null,
      unread: unread.get(row.id) ?? 0,
      createdAt: row.createdAt.toISOString(),
      lastActivityAt: row.lastActivityAt.toISOString(),
    }));
  }

  private absenceOf(cipher: CentreCipher, absence: CounsellorAbsence | undefined): { text: string | null } | null {
    if (!absence) return null;
    return { text: absence.sealedText ? cipher.openText(absenceAad(absence.userId), absence.sealedText) : null };
  }

  displayName(cipher: CentreCipher, account: UserAccount): string {
    const opened = this.accounts.open(cipher, account);
    return opened.displayName ?? opened.username ?? '';
  }
}
