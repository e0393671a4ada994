import { describe, expect, it } from 'vitest';

import { expandSlots, windowsOverlap, type WindowRule } from './slots.js';
import { localDate, localTime, localToUtc } from './time.js';

const weekly = (over: Partial<WindowRule> = {}): WindowRule => ({
  id: 'w',
  kind: 'weekly',
  startsAt: null,
  endsAt: null,
  weekday: 1,
  fromTime: '09:00',
  toTime: '12:00',
  validFrom: '2026-01-01',
  validUntil: '2026-12-31',
  slotMinutes: 50,
  bufferMinutes: 10,
  contactTypes: ['video'],
  ...over,
});

const local = (d: Date) => `${localDate(d)} ${localTime(d)}`;

describe('expanding windows into slots (Europe/Berlin)', () => {
  it('keeps the local time of a weekly window across both daylight-saving changes of a year', () => {
    const slots = expandSlots([weekly()], [], new Date('2026-03-23T00:00:00Z'), new Date('2026-11-03T00:00:00Z'));
    const mondays = (date: string) => slots.filter((s) => localDate(s.start) === date).map((s) => [local(s.start), s.start.toISOString()]);
    // Winter time (UTC+1) before 29 March, summer time (UTC+2) after, winter again after 25 October.
    expect(mondays('2026-03-23')).toEqual([
      ['2026-03-23 09:00', '2026-03-23T08:00:00.000Z'],
      ['2026-03-23 10:00', '2026-03-23T09:00:00.000Z'],
      ['2026-03-23 11:00', '2026-03-23T10:00:00.000Z'],
    ]);
    expect(mondays('2026-03-30').map((s) => s[1])).toEqual(['2026-03-30T07:00:00.000Z', '2026-03-30T08:00:00.000Z', '2026-03-30T09:00:00.000Z']);
    expect(mondays('2026-10-19').map((s) => s[1])).toEqual(['2026-10-19T07:00:00.000Z', '2026-10-19T08:00:00.000Z', '2026-10-19T09:00:00.000Z']);
    expect(mondays('2026-10-26').map((s) => s[1])).toEqual(['2026-10-26T08:00:00.000Z', '2026-10-26T09:00:00.000Z', '2026-10-26T10:00:00.000Z']);
    expect(slots.every((s) => localTime(s.start) >= '09:00' && localTime(s.end) <= '12:00')).toBe(true);
    expect(slots.every((s) => s.end.getTime() - s.start.getTime() === 50 * 60_000)).toBe(true);
  });

  it('on the night the clocks go forward, a window over the missing hour is an hour shorter', () => {
    const rule = weekly({ weekday: 7, fromTime: '01:00', toTime: '04:00', slotMinutes: 60, bufferMinutes: 0 });
    const slots = expandSlots([rule], [], new Date('2026-03-28T00:00:00Z'), new Date('2026-03-30T00:00:00Z'));
    expect(slots.map((s) => local(s.start))).toEqual(['2026-03-29 01:00', '2026-03-29 03:00']);
    // 02:00 does not exist that night: it is taken as 03:00.
    expect(localToUtc('2026-03-29', '02:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('offers nothing on blocked days, outside the validity, or outside the range asked for', () => {
    const rule = weekly({ validFrom: '2026-06-08', validUntil: '2026-06-22' });
    const all = expandSlots([rule], [], new Date('2026-06-01T00:00:00Z'), new Date('2026-07-01T00:00:00Z'));
    expect([...new Set(all.map((s) => localDate(s.start)))]).toEqual(['2026-06-08', '2026-06-15', '2026-06-22']);
    const withBlock = expandSlots([rule], [{ fromDate: '2026-06-14', untilDate: '2026-06-16' }], new Date('2026-06-01T00:00:00Z'), new Date('2026-07-01T00:00:00Z'));
    expect([...new Set(withBlock.map((s) => localDate(s.start)))]).toEqual(['2026-06-08', '2026-06-22']);
    const part = expandSlots([rule], [], new Date('2026-06-08T08:30:00Z'), new Date('2026-06-08T09:30:00Z'));
    expect(part.map((s) => local(s.start))).toEqual(['2026-06-08 11:00']);
  });

  it('cuts single windows with their buffer and leaves no slot that would run past the end', () => {
    const single: WindowRule = { ...weekly(), kind: 'single', weekday: null, fromTime: null, toTime: null, validFrom: null, validUntil: null, startsAt: localToUtc('2026-12-10', '14:00'), endsAt: localToUtc('2026-12-10', '15:40'), slotMinutes: 30, bufferMinutes: 15 };
    expect(expandSlots([single], [], new Date('2026-12-10T00:00:00Z'), new Date('2026-12-11T00:00:00Z')).map((s) => local(s.start))).toEqual(['2026-12-10 14:00', '2026-12-10 14:45']);
  });

  it('knows overlapping windows of every kind', () => {
    const single = (date: string, from: string, to: string): WindowRule => ({ ...weekly(), kind: 'single', weekday: null, fromTime: null, toTime: null, validFrom: null, validUntil: null, startsAt: localToUtc(date, from), endsAt: localToUtc(date, to) });
    expect(windowsOverlap(weekly(), weekly({ fromTime: '11:00', toTime: '13:00' }))).toBe(true);
    expect(windowsOverlap(weekly(), weekly({ fromTime: '12:00', toTime: '13:00' }))).toBe(false);
    expect(windowsOverlap(weekly(), weekly({ weekday: 2 }))).toBe(false);
    expect(windowsOverlap(weekly({ validUntil: '2026-03-31' }), weekly({ validFrom: '2026-04-01' }))).toBe(false);
    expect(windowsOverlap(weekly(), single('2026-03-30', '11:30', '12:30'))).toBe(true);
    expect(windowsOverlap(weekly(), single('2026-03-31', '11:30', '12:30'))).toBe(false);
    expect(windowsOverlap(single('2026-03-31', '10:00', '11:00'), single('2026-03-31', '10:30', '11:30'))).toBe(true);
    expect(windowsOverlap(single('2026-03-31', '10:00', '11:00'), single('2026-03-31', '11:00', '11:30'))).toBe(false);
  });
});
