import { DateTime } from 'luxon';

import { TIME_ZONE } from './contracts.js';

/**
 * Local dates and times in Europe/Berlin, and the instants they stand for. Windows are kept as
 * local times and expanded per local date, so "Mondays 9:00" stays 9:00 across the changes to
 * and from daylight saving time; bookings are instants (UTC).
 */

export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The instant of a local date and time. A time that does not exist (the hour skipped in March) is moved forward, as clocks are. */
export function localToUtc(date: string, time: string): Date {
  const local = DateTime.fromISO(`${date}T${time}`, { zone: TIME_ZONE });
  if (!local.isValid) throw new Error(`not a local date and time: ${date} ${time}`);
  return local.toJSDate();
}

export function localDate(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: TIME_ZONE }).toFormat('yyyy-MM-dd');
}

export function localTime(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: TIME_ZONE }).toFormat('HH:mm');
}

/** ISO weekday of a local date, 1 = Monday. */
export function weekdayOf(date: string): number {
  return DateTime.fromISO(date, { zone: TIME_ZONE }).weekday;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: TIME_ZONE }).plus({ days }).toFormat('yyyy-MM-dd');
}

/** Days from one local date to another (whole calendar days, whatever the clock change). */
export function daysBetween(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days);
}

export function isRealDate(date: string): boolean {
  return DATE.test(date) && DateTime.fromISO(date, { zone: TIME_ZONE }).isValid;
}

export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
}

/** For an .ics: a local date and time as `YYYYMMDDTHHMMSS` (with TZID Europe/Berlin). */
export function icsLocal(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: TIME_ZONE }).toFormat("yyyyMMdd'T'HHmmss");
}

/** A day as people read it: "Montag, 30.03.2026" (German) or "Monday, 30/03/2026". */
export function longDate(instant: Date, locale: 'de' | 'en'): string {
  return DateTime.fromJSDate(instant, { zone: TIME_ZONE }).setLocale(locale === 'de' ? 'de-DE' : 'en-GB').toFormat('cccc, dd.MM.yyyy');
}
