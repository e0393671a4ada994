import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';

import type { BookingView, SlotView, WindowView } from '../../modules/scheduling/contracts.js';
import type { ApiClient } from '../support/api-client.js';
import type { ReceivedMail } from '../support/smtp-sink.js';
import type { TestApp } from '../support/test-app.js';
import type { CentreFixture } from './centres.js';
import type { Person } from './mail.js';

export const BERLIN = 'Europe/Berlin';

export const schedulingPath = (centre: CentreFixture | string, path = '') => `/api/v1/centres/${typeof centre === 'string' ? centre : centre.slug}/scheduling${path}`;

/** Now, on the clocks of Europe/Berlin. */
export const berlinNow = () => DateTime.now().setZone(BERLIN);

/** The local date (Europe/Berlin) `days` calendar days from today. */
export const localDay = (days = 0) => berlinNow().startOf('day').plus({ days }).toISODate()!;

/** ISO weekday (1 = Monday) of a local date. */
export const weekdayOf = (date: string) => DateTime.fromISO(date, { zone: BERLIN }).weekday;

/** The instant (ISO, as the API writes it) of a local date and time in Europe/Berlin, worked out by luxon independently of the server. */
export const instantOf = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: BERLIN }).toUTC().toISO()!;

/** The local dates (Europe/Berlin) on which the clocks change, after `from`, in order. */
export function clockChanges(from = localDay(), count = 3): string[] {
  const out: string[] = [];
  let day = DateTime.fromISO(from, { zone: BERLIN });
  for (let i = 0; i < 800 && out.length < count; i++) {
    const next = day.plus({ days: 1 });
    // The offset at noon of two days in a row differs: the change was in the night between.
    if (day.set({ hour: 12 }).offset !== next.set({ hour: 12 }).offset) out.push(next.toISODate()!);
    day = next;
  }
  return out;
}

export interface WindowBody {
  kind: 'single' | 'weekly';
  date?: string;
  weekday?: number;
  from: string;
  to: string;
  validFrom?: string;
  validUntil?: string;
  slotMinutes: number;
  bufferMinutes?: number;
  contactTypes: string[];
}

export async function publishWindow(centre: CentreFixture, counsellor: Person, body: WindowBody): Promise<WindowView> {
  const res = await counsellor.client.post<WindowView>(schedulingPath(centre, '/windows'), body);
  if (res.status !== 201) throw new Error(`window failed: ${res.status} ${res.text}`);
  return res.body;
}

export async function setProfile(centre: CentreFixture, counsellor: Person, body: Record<string, unknown>): Promise<void> {
  const res = await counsellor.client.patch(schedulingPath(centre, '/profile'), body);
  if (res.status !== 200) throw new Error(`profile failed: ${res.status} ${res.text}`);
}

export async function freeSlots(centre: CentreFixture, who: ApiClient, query: { from?: string; days?: number; counsellorId?: string } = {}): Promise<SlotView[]> {
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)]));
  const res = await who.get<SlotView[]>(schedulingPath(centre, `/slots?${params.toString()}`));
  if (res.status !== 200) throw new Error(`slots failed: ${res.status} ${res.text}`);
  return res.body;
}

export function bookSlot(centre: CentreFixture, client: ApiClient, slot: { start: string; counsellor: { id: string } }, contactType: string, note?: string | null) {
  return client.post<BookingView & { code?: string }>(schedulingPath(centre, '/bookings'), { counsellorId: slot.counsellor.id, start: slot.start, contactType, ...(note !== undefined ? { note } : {}) });
}

export async function book(centre: CentreFixture, client: ApiClient, slot: { start: string; counsellor: { id: string } }, contactType: string, note?: string | null): Promise<BookingView> {
  const res = await bookSlot(centre, client, slot, contactType, note);
  if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${res.text}`);
  return res.body;
}

/** Mails to `to` received after the `since`-th message, whose subject contains `subject`. */
export const mailsSince = (t: TestApp, to: string, since: number, subject = '') =>
  t.mail.messages.slice(since).filter((m) => m.to.includes(to.toLowerCase()) && m.subject.includes(subject));

/** Waits for the first mail to `to` after the `since`-th message whose subject contains `subject`. */
export async function mailAfter(t: TestApp, to: string, since: number, subject: string, timeoutMs = 10_000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = mailsSince(t, to, since, subject)[0];
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`No mail "${subject}" to ${to} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** An appointment as a standard iCalendar parser (ical.js) reads it. */
export interface ParsedEvent {
  method: string;
  uid: string;
  sequence: number;
  status: string;
  /** Local date and time as written, `YYYY-MM-DDTHH:MM:SS`. */
  start: string;
  end: string;
  startTzid: string | null;
  endTzid: string | null;
  /** The instants, with the calendar's own VTIMEZONE. */
  startUtc: string;
  endUtc: string;
  summary: string;
  description: string;
  location: string;
}

function readIcs(text: string): ParsedEvent {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zone = calendar.getFirstSubcomponent('vtimezone');
  if (!zone) throw new Error('no VTIMEZONE in the calendar');
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  const component = calendar.getFirstSubcomponent('vevent');
  if (!component) throw new Error('no VEVENT in the calendar');
  const event = new ICAL.Event(component);
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: Number(component.getFirstPropertyValue('sequence')),
    status: String(component.getFirstPropertyValue('status')),
    start: event.startDate.toString(),
    end: event.endDate.toString(),
    startTzid: (component.getFirstProperty('dtstart')?.getParameter('tzid') as string | undefined) ?? null,
    endTzid: (component.getFirstProperty('dtend')?.getParameter('tzid') as string | undefined) ?? null,
    startUtc: event.startDate.toJSDate().toISOString(),
    endUtc: event.endDate.toJSDate().toISOString(),
    summary: event.summary,
    description: event.description,
    location: event.location,
  };
}

export interface CalendarMail {
  /** Every calendar part of the mail (nodemailer's icalEvent: a text/calendar alternative and termin.ics), parsed. */
  parts: { contentType: string; filename: string | undefined; method: string | undefined; event: ParsedEvent; text: string }[];
  /** The appointment; throws unless every part says the same. */
  event: ParsedEvent;
  /** What a person reads: subject, text, html and the calendar texts. */
  readable: string;
}

/** The calendar parts of a received mail, as mailparser finds them, each read with ical.js. */
export async function calendarOf(mail: ReceivedMail): Promise<CalendarMail> {
  const parsed = await simpleParser(mail.raw);
  const parts = parsed.attachments
    .filter((a) => a.contentType === 'text/calendar' || a.contentType === 'application/ics' || /\.ics$/i.test(a.filename ?? ''))
    .map((a) => {
      const type = a.headers.get('content-type') as { params?: Record<string, string> } | undefined;
      // Unfolded (RFC 5545, 3.1), so that a search finds words split across lines.
      const text = a.content.toString('utf8').replace(/\r?\n[ \t]/g, '');
      return { contentType: a.contentType, filename: a.filename, method: type?.params?.method, event: readIcs(text), text };
    });
  if (parts.length === 0) throw new Error(`no calendar part in mail "${mail.subject}"`);
  const [first] = parts;
  for (const p of parts) if (JSON.stringify(p.event) !== JSON.stringify(first!.event)) throw new Error(`calendar parts differ in "${mail.subject}"`);
  return { parts, event: first!.event, readable: [parsed.subject ?? '', parsed.text ?? '', parsed.html || '', ...parts.map((p) => p.text)].join('\n') };
}
