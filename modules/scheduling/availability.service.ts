import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThanOrEqual } from 'typeorm';

import {
  AbsenceService,
  actorOf,
  AuditService,
  FeatureCatalogue,
  type FieldProblem,
  invalid,
  isUuid,
  newId,
  notFound,
  type Principal,
  type ResolvedCentre,
} from '#kernel';

import { HORIZON_DAYS, MAX_SPAN_DAYS, MIN_NOTICE_HOURS, type BlockView, type WindowView } from './contracts.js';
import type { BlockDto, WindowDto } from './dto.js';
import { expandSlots, type Slot, type WindowRule, windowsOverlap } from './slots.js';
import { SchedulingBlock, SchedulingBooking, SchedulingProfile, SchedulingWindow } from './scheduling.entities.js';
import { addDays, daysBetween, isRealDate, localDate, localTime, localToUtc, minutesOf, weekdayOf } from './time.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const today = (now = new Date()) => localDate(now);

/** A window as the expansion reads it. */
export function ruleOf(w: SchedulingWindow): WindowRule {
  return {
    id: w.id,
    kind: w.kind,
    startsAt: w.startsAt,
    endsAt: w.endsAt,
    weekday: w.weekday,
    fromTime: w.fromTime,
    toTime: w.toTime,
    validFrom: w.validFrom,
    validUntil: w.validUntil,
    slotMinutes: w.slotMinutes,
    bufferMinutes: w.bufferMinutes,
    contactTypes: w.contactTypes.split(',').filter(Boolean),
  };
}

/** A counsellor's booking rules, with the defaults before they set any. */
export interface Rules {
  minNoticeHours: number;
  horizonDays: number;
}

/**
 * What a counsellor publishes: time windows (once or weekly), blocked days, how short-notice and
 * how far ahead booking is open — and from it, their free slots.
 */
@Injectable()
export class AvailabilityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly features: FeatureCatalogue,
    private readonly absence: AbsenceService,
    private readonly audit: AuditService,
  ) {}

  async windows(centre: ResolvedCentre, counsellor: Principal): Promise<WindowView[]> {
    const rows = await this.dataSource.getRepository(SchedulingWindow).find({ where: { centreId: centre.id, counsellorId: counsellor.id }, order: { id: 'ASC' } });
    return rows.map(windowView);
  }

  /** Publishes a window after checking it against the rules and the counsellor's other windows. */
  async addWindow(centre: ResolvedCentre, counsellor: Principal, dto: WindowDto, now = new Date()): Promise<WindowView> {
    const problems: FieldProblem[] = [];
    const offered = this.features.contactTypes(centre.modules);
    if (dto.contactTypes.some((c) => !offered.includes(c))) problems.push({ field: 'contactTypes', code: 'field.contactTypes' });
    const slot = dto.slotMinutes;
    const length = minutesOf(dto.to) - minutesOf(dto.from);
    if (length <= 0) problems.push({ field: 'to', code: 'field.windowOrder' });
    else if (length < slot) problems.push({ field: 'to', code: 'field.windowTooShort' });
    const id = newId();
    const row: SchedulingWindow = Object.assign(new SchedulingWindow(), {
      id,
      centreId: centre.id,
      counsellorId: counsellor.id,
      kind: dto.kind,
      startsAt: null,
      endsAt: null,
      weekday: null,
      fromTime: null,
      toTime: null,
      validFrom: null,
      validUntil: null,
      slotMinutes: slot,
      bufferMinutes: dto.bufferMinutes ?? 0,
      contactTypes: [...new Set(dto.contactTypes)].join(','),
      createdAt: now,
    });
    const first = today(now);
    if (dto.kind === 'single') {
      if (!dto.date || !isRealDate(dto.date)) problems.push({ field: 'date', code: dto.date ? 'field.date' : 'field.required' });
      else if (dto.date < first) problems.push({ field: 'date', code: 'field.pastDate' });
      else if (daysBetween(first, dto.date) > MAX_SPAN_DAYS) problems.push({ field: 'date', code: 'field.tooFarAhead' });
      else if (length > 0) {
        row.startsAt = localToUtc(dto.date, dto.from);
        row.endsAt = localToUtc(dto.date, dto.to);
      }
    } else {
      if (!dto.weekday) problems.push({ field: 'weekday', code: 'field.weekday' });
      const validFrom = dto.validFrom ?? first;
      if (!isRealDate(validFrom)) problems.push({ field: 'validFrom', code: 'field.date' });
      else if (validFrom < first) problems.push({ field: 'validFrom', code: 'field.pastDate' });
      else if (daysBetween(first, validFrom) > MAX_SPAN_DAYS) problems.push({ field: 'validFrom', code: 'field.tooFarAhead' });
      const validUntil = dto.validUntil ?? (isRealDate(validFrom) ? addDays(validFrom, MAX_SPAN_DAYS - 1) : undefined);
      if (dto.validUntil !== undefined && !isRealDate(dto.validUntil)) problems.push({ field: 'validUntil', code: 'field.date' });
      else if (validUntil && isRealDate(validFrom) && (validUntil < validFrom || daysBetween(validFrom, validUntil) >= MAX_SPAN_DAYS)) {
        problems.push({ field: 'validUntil', code: 'field.span' });
      }
      Object.assign(row, { weekday: dto.weekday ?? null, fromTime: dto.from, toTime: dto.to, validFrom, validUntil: validUntil ?? null });
    }
    if (problems.length) throw invalid(problems);
    await this.dataSource.transaction(async (manager) => {
      const others = await manager.find(SchedulingWindow, { where: { centreId: centre.id, counsellorId: counsellor.id } });
      const rule = ruleOf(row);
      // Windows that ended before today no longer matter.
      if (others.some((o) => stillRuns(o, first) && windowsOverlap(rule, ruleOf(o)))) throw invalid([{ field: 'from', code: 'field.windowOverlap' }]);
      await manager.insert(SchedulingWindow, row);
      await this.audit.record(actorOf(counsellor), { action: 'scheduling.window-published', target: { type: 'scheduling_window', id } }, manager);
    });
    return windowView(row);
  }

  /** Takes a window down; bookings made in it stay (the counsellor cancels them if need be). */
  async removeWindow(centre: ResolvedCentre, counsellor: Principal, windowId: string): Promise<void> {
    if (!isUuid(windowId)) throw notFound('SCHEDULING_WINDOW_NOT_FOUND');
    const { affected } = await this.dataSource.getRepository(SchedulingWindow).delete({ id: windowId, centreId: centre.id, counsellorId: counsellor.id });
    if (!affected) throw notFound('SCHEDULING_WINDOW_NOT_FOUND');
  }

  async blocks(centre: ResolvedCentre, counsellor: Principal, now = new Date()): Promise<BlockView[]> {
    const rows = await this.dataSource.getRepository(SchedulingBlock).find({
      where: { centreId: centre.id, counsellorId: counsellor.id, untilDate: MoreThanOrEqual(today(now)) },
      order: { fromDate: 'ASC' },
    });
    return rows.map((b) => ({ id: b.id, fromDate: b.fromDate, untilDate: b.untilDate }));
  }

  async addBlock(centre: ResolvedCentre, counsellor: Principal, dto: BlockDto, now = new Date()): Promise<BlockView> {
    const problems: FieldProblem[] = [];
    if (!isRealDate(dto.fromDate)) problems.push({ field: 'fromDate', code: 'field.date' });
    if (!isRealDate(dto.untilDate)) problems.push({ field: 'untilDate', code: 'field.date' });
    else if (isRealDate(dto.fromDate) && (dto.untilDate < dto.fromDate || daysBetween(dto.fromDate, dto.untilDate) >= MAX_SPAN_DAYS)) problems.push({ field: 'untilDate', code: 'field.span' });
    else if (dto.untilDate < today(now)) problems.push({ field: 'untilDate', code: 'field.pastDate' });
    if (problems.length) throw invalid(problems);
    const row = { id: newId(), centreId: centre.id, counsellorId: counsellor.id, fromDate: dto.fromDate, untilDate: dto.untilDate, createdAt: now };
    await this.dataSource.getRepository(SchedulingBlock).insert(row);
    return { id: row.id, fromDate: row.fromDate, untilDate: row.untilDate };
  }

  async removeBlock(centre: ResolvedCentre, counsellor: Principal, blockId: string): Promise<void> {
    if (!isUuid(blockId)) throw notFound('SCHEDULING_BLOCK_NOT_FOUND');
    const { affected } = await this.dataSource.getRepository(SchedulingBlock).delete({ id: blockId, centreId: centre.id, counsellorId: counsellor.id });
    if (!affected) throw notFound('SCHEDULING_BLOCK_NOT_FOUND');
  }

  async rules(centreId: string, counsellorIds: readonly string[]): Promise<Map<string, Rules>> {
    const rows = counsellorIds.length ? await this.dataSource.getRepository(SchedulingProfile).find({ where: { centreId, counsellorId: In([...counsellorIds]) } }) : [];
    return new Map(
      counsellorIds.map((id) => {
        const row = rows.find((r) => r.counsellorId === id);
        return [id, { minNoticeHours: row?.minNoticeHours ?? MIN_NOTICE_HOURS.default, horizonDays: row?.horizonDays ?? HORIZON_DAYS.default }];
      }),
    );
  }

  /**
   * The free slots of these counsellors from `from` for `days` days: their windows expanded,
   * without blocked days, booked slots, slots sooner than their minimum notice or later than
   * their horizon — and none at all while their absence assistant is on.
   */
  async freeSlots(centre: ResolvedCentre, counsellorIds: readonly string[], fromDate: string, days: number, now = new Date()): Promise<Map<string, Slot[]>> {
    const out = new Map<string, Slot[]>();
    if (counsellorIds.length === 0) return out;
    const ids = [...counsellorIds];
    const from = localToUtc(fromDate, '00:00');
    const to = localToUtc(addDays(fromDate, days), '00:00');
    const [windows, blocks, booked, rules] = await Promise.all([
      this.dataSource.getRepository(SchedulingWindow).find({ where: { centreId: centre.id, counsellorId: In(ids) } }),
      this.dataSource.getRepository(SchedulingBlock).find({ where: { centreId: centre.id, counsellorId: In(ids), untilDate: MoreThanOrEqual(fromDate) } }),
      this.dataSource.getRepository(SchedulingBooking).find({
        where: { centreId: centre.id, counsellorId: In(ids), status: 'booked', startsAt: MoreThanOrEqual(new Date(from.getTime() - DAY)) },
        select: { counsellorId: true, startsAt: true, endsAt: true },
      }),
      this.rules(centre.id, ids),
    ]);
    for (const id of ids) {
      if (await this.absence.isAbsent(centre.id, id)) {
        out.set(id, []);
        continue;
      }
      const rule = rules.get(id)!;
      const earliest = now.getTime() + rule.minNoticeHours * HOUR;
      const latest = now.getTime() + rule.horizonDays * DAY;
      const taken = booked.filter((b) => b.counsellorId === id);
      const slots = expandSlots(windows.filter((w) => w.counsellorId === id).map(ruleOf), blocks.filter((b) => b.counsellorId === id), from, to).filter(
        (s) => s.start.getTime() >= earliest && s.start.getTime() <= latest && !taken.some((b) => b.startsAt < s.end && s.start < b.endsAt),
      );
      out.set(id, slots);
    }
    return out;
  }

  /** The slot starting at `start` if it is one of this counsellor's free slots right now. */
  async freeSlotAt(centre: ResolvedCentre, counsellorId: string, start: Date, now = new Date()): Promise<Slot | null> {
    const date = localDate(start);
    const slots = (await this.freeSlots(centre, [counsellorId], date, 1, now)).get(counsellorId) ?? [];
    return slots.find((s) => s.start.getTime() === start.getTime()) ?? null;
  }

  /** Every slot of the counsellor's windows in the range (booked or not), for their own calendar. */
  async allSlots(centre: ResolvedCentre, counsellorId: string, fromDate: string, days: number): Promise<{ slots: Slot[]; blocks: SchedulingBlock[] }> {
    const [windows, blocks] = await Promise.all([
      this.dataSource.getRepository(SchedulingWindow).find({ where: { centreId: centre.id, counsellorId } }),
      this.dataSource.getRepository(SchedulingBlock).find({ where: { centreId: centre.id, counsellorId, untilDate: MoreThanOrEqual(fromDate) } }),
    ]);
    const from = localToUtc(fromDate, '00:00');
    const to = localToUtc(addDays(fromDate, days), '00:00');
    return { slots: expandSlots(windows.map(ruleOf), blocks, from, to), blocks };
  }

  /** Which contact types the counsellor offers in windows still running. */
  async offeredTypes(centre: ResolvedCentre, counsellorIds: readonly string[], now = new Date()): Promise<Map<string, string[]>> {
    const rows = counsellorIds.length ? await this.dataSource.getRepository(SchedulingWindow).find({ where: { centreId: centre.id, counsellorId: In([...counsellorIds]) } }) : [];
    const first = today(now);
    const offered = this.features.contactTypes(centre.modules);
    return new Map(
      counsellorIds.map((id) => {
        const types = new Set(rows.filter((w) => w.counsellorId === id && stillRuns(w, first)).flatMap((w) => ruleOf(w).contactTypes));
        return [id, offered.filter((t) => types.has(t))];
      }),
    );
  }
}

/** Whether a window still offers times today or later. */
function stillRuns(w: SchedulingWindow, first: string): boolean {
  return w.kind === 'single' ? localDate(w.endsAt!) >= first : (w.validUntil ?? '9999-12-31') >= first;
}

export function windowView(w: SchedulingWindow): WindowView {
  return {
    id: w.id,
    kind: w.kind,
    date: w.kind === 'single' ? localDate(w.startsAt!) : null,
    weekday: w.kind === 'weekly' ? w.weekday : weekdayOf(localDate(w.startsAt!)),
    from: w.kind === 'single' ? localTime(w.startsAt!) : w.fromTime!,
    to: w.kind === 'single' ? localTime(w.endsAt!) : w.toTime!,
    validFrom: w.validFrom,
    validUntil: w.validUntil,
    slotMinutes: w.slotMinutes,
    bufferMinutes: w.bufferMinutes,
    contactTypes: ruleOf(w).contactTypes,
  };
}
