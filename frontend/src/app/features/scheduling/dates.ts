import type { Lang } from '../../core/i18n/i18n.service';

const locale = (lang: Lang) => (lang === 'de' ? 'de-DE' : 'en-GB');

/** "Mo., 07.12." — a Berlin date as a short day label. */
export function shortDay(date: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { weekday: 'short', day: '2-digit', month: '2-digit', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

/** "Montag, 7. Dezember 2026". */
export function longDay(date: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

/** "Montag" for an ISO weekday (1 = Monday). */
export function weekdayName(weekday: number, lang: Lang): string {
  // 2024-01-01 was a Monday.
  return new Intl.DateTimeFormat(locale(lang), { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, weekday)));
}
