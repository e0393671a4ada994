import { addDays, localDate, localToUtc, weekdayOf } from './time.js';

/** A window as the expansion needs it. */
export interface WindowRule {
  id: string;
  kind: 'single' | 'weekly';
  /** `single`: its instants. */
  startsAt: Date | null;
  endsAt: Date | null;
  /** `weekly`: ISO weekday, local times, local validity. */
  weekday: number | null;
  fromTime: string | null;
  toTime: string | null;
  validFrom: string | null;
  validUntil: string | null;
  slotMinutes: number;
  bufferMinutes: number;
  contactTypes: string[];
}

export interface BlockRule {
  fromDate: string;
  untilDate: string;
}

export interface Slot {
  start: Date;
  end: Date;
  windowId: string;
  contactTypes: string[];
}

const MINUTE = 60_000;

/** Cuts [start, end) into slots of `slot` minutes with `buffer` minutes after each. */
function cut(rule: WindowRule, start: Date, end: Date): Slot[] {
  const out: Slot[] = [];
  const step = (rule.slotMinutes + rule.bufferMinutes) * MINUTE;
  for (let t = start.getTime(); t + rule.slotMinutes * MINUTE <= end.getTime(); t += step) {
    out.push({ start: new Date(t), end: new Date(t + rule.slotMinutes * MINUTE), windowId: rule.id, contactTypes: rule.contactTypes });
  }
  return out;
}

const blocked = (date: string, blocks: readonly BlockRule[]) => blocks.some((b) => b.fromDate <= date && date <= b.untilDate);

/**
 * The slots of a counsellor's windows starting in [from, to), sorted by time: weekly windows
 * expanded on every local date of their weekday within their validity (local times, so they keep
 * their clock time across daylight-saving changes), single windows as they are; days covered by
 * a block have none.
 */
export function expandSlots(windows: readonly WindowRule[], blocks: readonly BlockRule[], from: Date, to: Date): Slot[] {
  const slots: Slot[] = [];
  const firstDate = localDate(from);
  const lastDate = localDate(to);
  for (const rule of windows) {
    if (rule.kind === 'single') {
      if (!rule.startsAt || !rule.endsAt || blocked(localDate(rule.startsAt), blocks)) continue;
      slots.push(...cut(rule, rule.startsAt, rule.endsAt));
      continue;
    }
    for (let date = firstDate; date <= lastDate; date = addDays(date, 1)) {
      if (weekdayOf(date) !== rule.weekday || date < rule.validFrom! || (rule.validUntil && date > rule.validUntil) || blocked(date, blocks)) continue;
      slots.push(...cut(rule, localToUtc(date, rule.fromTime!), localToUtc(date, rule.toTime!)));
    }
  }
  return slots.filter((s) => s.start >= from && s.start < to).sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** Whether two windows would offer times at once (the same counsellor must not publish them). */
export function windowsOverlap(a: WindowRule, b: WindowRule): boolean {
  if (a.kind === 'single' && b.kind === 'single') return a.startsAt! < b.endsAt! && b.startsAt! < a.endsAt!;
  if (a.kind === 'weekly' && b.kind === 'weekly') {
    if (a.weekday !== b.weekday) return false;
    const datesMeet = a.validFrom! <= (b.validUntil ?? '9999-12-31') && b.validFrom! <= (a.validUntil ?? '9999-12-31');
    return datesMeet && a.fromTime! < b.toTime! && b.fromTime! < a.toTime!;
  }
  const [single, weekly] = a.kind === 'single' ? [a, b] : [b, a];
  const date = localDate(single.startsAt!);
  if (weekdayOf(date) !== weekly.weekday || date < weekly.validFrom! || (weekly.validUntil && date > weekly.validUntil)) return false;
  return single.startsAt! < localToUtc(date, weekly.toTime!) && localToUtc(date, weekly.fromTime!) < single.endsAt!;
}
