import { randomUUID } from 'node:crypto';

import { DateTime } from 'luxon';
import sharp from 'sharp';
import { In } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BookingService } from '../../modules/scheduling/booking.service.js';
import type { BookingView, CalendarDay, CrisisView, ProfileView, SlotView, TeamAdminView, TeamMemberView, WindowView } from '../../modules/scheduling/contracts.js';
import {
  SchedulingBlock,
  SchedulingBooking,
  SchedulingClient,
  SchedulingPhoto,
  SchedulingProfile,
  SchedulingWindow,
} from '../../modules/scheduling/scheduling.entities.js';
import type { VideoRoomView } from '../../modules/video/contracts.js';
import { VideoRoom } from '../../modules/video/video.entities.js';
import { AuditEvent } from '../../src/audit/audit-event.entity.js';
import type { CaseSummary, Problem } from '../../src/contracts/index.js';
import type { PublicCentre } from '../../src/contracts/centre.js';
import { createCentre, type CentreFixture, login, registerClient } from '../factories/centres.js';
import { assign, client, counsellor, enquiry, type Person, thread } from '../factories/mail.js';
import {
  book,
  bookSlot,
  calendarOf,
  clockChanges,
  freeSlots,
  instantOf,
  localDay,
  mailAfter,
  mailsSince,
  publishWindow,
  schedulingPath,
  setProfile,
  weekdayOf,
  type WindowBody,
} from '../factories/scheduling.js';
import { jitsiEnv, videoPath } from '../factories/video.js';
import type { ApiClient } from '../support/api-client.js';
import { changedTables, databaseFingerprint } from '../support/db-fingerprint.js';
import { databaseContains } from '../support/db-scan.js';
import { listRoutes } from '../support/routes.js';
import { linkIn } from '../support/smtp-sink.js';
import { connectSocket, type LiveSocket } from '../support/sockets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Client = Person & { email: string; username: string };

const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` holds (for what happens after the answer: the crisis handler, mails). */
async function eventually<T>(what: string, read: () => T | Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

/**
 * `n` registered, confirmed and logged-in clients, one after another: registrations sent at the
 * same moment can deadlock in the kernel on MariaDB (see the report), which is not what these
 * tests are about.
 */
async function clients(t: TestApp, centre: CentreFixture, n: number): Promise<Client[]> {
  const out: Client[] = [];
  for (let i = 0; i < n; i++) out.push(await client(t, centre));
  return out;
}

const eventsOf = <T>(s: LiveSocket, event: string): T[] => s.received.filter((r) => r.event === event).map((r) => r.payload as T);

/** A weekly window 09:00–12:00 (50 minutes and 10 minutes' break: slots at 9, 10 and 11) on the weekday of `date`. */
const weeklyOn = (date: string, extra: Partial<WindowBody> = {}): WindowBody => ({
  kind: 'weekly',
  weekday: weekdayOf(date),
  from: '09:00',
  to: '12:00',
  slotMinutes: 50,
  bufferMinutes: 10,
  contactTypes: ['mail', 'phone'],
  ...extra,
});

/** A small real photo with EXIF metadata in it. */
const photoWithExif = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .jpeg()
    .withExif({ IFD0: { Copyright: 'Geheim', Artist: 'Geheimer Fotograf', ImageDescription: 'Wohnzimmer Lindenstraße 7' } })
    .toBuffer();

describe('scheduling', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let admin: ApiClient;
  const s = (path = '') => schedulingPath(centre, path);

  beforeAll(async () => {
    t = await startTestApp({ env: jitsiEnv() });
    centre = await createCentre(t, { modules: ['mail', 'scheduling'] });
    admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
  });
  afterAll(() => t?.close());

  const putPhoto = (who: ApiClient, bytes: Buffer, type: string, name: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
    return who.put<ProfileView & Problem>(s('/profile/photo'), form);
  };
  const bookingRow = (id: string) => t.dataSource.getRepository(SchedulingBooking).findOneByOrFail({ id });
  const nameOf = async (who: Person) => (await who.client.get<{ displayName: string }>('/api/v1/auth/me')).body.displayName;

  it('refuses invalid windows, blocks, rules and bookings naming the field, and stores nothing', async () => {
    const anna = await counsellor(t, centre, 'Anna Acker');
    const klara = await client(t, centre);
    const in3 = localDay(3);
    const W = weekdayOf(in3);
    const existing = await publishWindow(centre, anna, weeklyOn(in3, { contactTypes: ['mail'] }));
    const [slot] = await freeSlots(centre, klara.client, { from: in3, days: 1, counsellorId: anna.id });
    const otherDay = localDay(4);
    const weekly = { kind: 'weekly', weekday: weekdayOf(otherDay), from: '14:00', to: '16:00', slotMinutes: 50, contactTypes: ['phone'] };
    const single = { kind: 'single', date: otherDay, from: '14:00', to: '16:00', slotMinutes: 50, contactTypes: ['phone'] };
    const year = DateTime.now().year + 1;
    const { date: _date, ...singleWithoutDate } = single;
    const { weekday: _weekday, ...weeklyWithoutWeekday } = weekly;
    const win = s('/windows');
    const fake = randomUUID();
    const cases: [string, ApiClient, string, string, unknown, string][] = [
      ['end before start', anna.client, 'POST', win, { ...weekly, from: '16:00', to: '14:00' }, 'to'],
      ['zero length', anna.client, 'POST', win, { ...weekly, from: '14:00', to: '14:00' }, 'to'],
      ['shorter than one slot', anna.client, 'POST', win, { ...weekly, from: '14:00', to: '14:40' }, 'to'],
      ['single: end before start', anna.client, 'POST', win, { ...single, from: '16:00', to: '15:00' }, 'to'],
      ['single: zero length', anna.client, 'POST', win, { ...single, from: '15:00', to: '15:00' }, 'to'],
      ['weekly overlapping a weekly window', anna.client, 'POST', win, { ...weekly, weekday: W, from: '11:00', to: '13:00' }, 'from'],
      ['weekly inside a weekly window', anna.client, 'POST', win, { ...weekly, weekday: W, from: '10:00', to: '11:00' }, 'from'],
      ['weekly around a weekly window', anna.client, 'POST', win, { ...weekly, weekday: W, from: '08:00', to: '13:00' }, 'from'],
      ['single overlapping a weekly window', anna.client, 'POST', win, { ...single, date: in3, from: '11:30', to: '12:30' }, 'from'],
      ['single overlapping a later week of it', anna.client, 'POST', win, { ...single, date: localDay(10), from: '08:30', to: '09:30' }, 'from'],
      ['validity more than a year', anna.client, 'POST', win, { ...weekly, validFrom: localDay(1), validUntil: localDay(1 + 366) }, 'validUntil'],
      ['validity ending before it starts', anna.client, 'POST', win, { ...weekly, validFrom: localDay(5), validUntil: localDay(4) }, 'validUntil'],
      ['validity starting more than a year ahead', anna.client, 'POST', win, { ...weekly, validFrom: localDay(367) }, 'validFrom'],
      ['validity starting in the past', anna.client, 'POST', win, { ...weekly, validFrom: localDay(-1) }, 'validFrom'],
      ['single date more than a year ahead', anna.client, 'POST', win, { ...single, date: localDay(367) }, 'date'],
      ['single date in the past', anna.client, 'POST', win, { ...single, date: localDay(-1) }, 'date'],
      ['single without a date', anna.client, 'POST', win, singleWithoutDate, 'date'],
      ['weekly without a weekday', anna.client, 'POST', win, weeklyWithoutWeekday, 'weekday'],
      ['weekday 0', anna.client, 'POST', win, { ...weekly, weekday: 0 }, 'weekday'],
      ['weekday 8', anna.client, 'POST', win, { ...weekly, weekday: 8 }, 'weekday'],
      ['weekday as text', anna.client, 'POST', win, { ...weekly, weekday: '1' }, 'weekday'],
      ['video, which the centre does not license', anna.client, 'POST', win, { ...weekly, contactTypes: ['video'] }, 'contactTypes'],
      ['chat, which the centre does not license', anna.client, 'POST', win, { ...weekly, contactTypes: ['phone', 'chat'] }, 'contactTypes'],
      ['an unknown contact type', anna.client, 'POST', win, { ...weekly, contactTypes: ['fax'] }, 'contactTypes'],
      ['no contact type', anna.client, 'POST', win, { ...weekly, contactTypes: [] }, 'contactTypes'],
      ['a contact type twice', anna.client, 'POST', win, { ...weekly, contactTypes: ['phone', 'phone'] }, 'contactTypes'],
      ['contact types not a list', anna.client, 'POST', win, { ...weekly, contactTypes: 'phone' }, 'contactTypes'],
      ['slot of 9 minutes', anna.client, 'POST', win, { ...weekly, slotMinutes: 9 }, 'slotMinutes'],
      ['slot of 241 minutes', anna.client, 'POST', win, { ...weekly, from: '08:00', to: '20:00', slotMinutes: 241 }, 'slotMinutes'],
      ['slot not whole minutes', anna.client, 'POST', win, { ...weekly, slotMinutes: 50.5 }, 'slotMinutes'],
      ['slot as text', anna.client, 'POST', win, { ...weekly, slotMinutes: '50' }, 'slotMinutes'],
      ['slot missing', anna.client, 'POST', win, { ...weekly, slotMinutes: undefined }, 'slotMinutes'],
      ['negative break', anna.client, 'POST', win, { ...weekly, bufferMinutes: -1 }, 'bufferMinutes'],
      ['break of 121 minutes', anna.client, 'POST', win, { ...weekly, bufferMinutes: 121 }, 'bufferMinutes'],
      ['time without its leading zero', anna.client, 'POST', win, { ...weekly, from: '9:00' }, 'from'],
      ['hour 24', anna.client, 'POST', win, { ...weekly, to: '24:00' }, 'to'],
      ['minute 60', anna.client, 'POST', win, { ...weekly, from: '14:60' }, 'from'],
      ['time with a dot', anna.client, 'POST', win, { ...weekly, to: '16.00' }, 'to'],
      ['time with seconds', anna.client, 'POST', win, { ...weekly, from: '14:00:00' }, 'from'],
      ['time as a number', anna.client, 'POST', win, { ...weekly, from: 14 }, 'from'],
      ['a date that does not exist', anna.client, 'POST', win, { ...single, date: `${year}-02-30` }, 'date'],
      ['a German date', anna.client, 'POST', win, { ...single, date: `10.12.${year}` }, 'date'],
      ['validFrom as a word', anna.client, 'POST', win, { ...weekly, validFrom: 'morgen' }, 'validFrom'],
      ['validUntil in month 13', anna.client, 'POST', win, { ...weekly, validUntil: `${year}-13-01` }, 'validUntil'],
      ['an unknown kind', anna.client, 'POST', win, { ...weekly, kind: 'monthly' }, 'kind'],
      ['an unknown field', anna.client, 'POST', win, { ...weekly, colour: 'rot' }, 'colour'],
      ['block ending before it starts', anna.client, 'POST', s('/blocks'), { fromDate: localDay(5), untilDate: localDay(4) }, 'untilDate'],
      ['block in the past', anna.client, 'POST', s('/blocks'), { fromDate: localDay(-5), untilDate: localDay(-1) }, 'untilDate'],
      ['block longer than a year', anna.client, 'POST', s('/blocks'), { fromDate: localDay(1), untilDate: localDay(1 + 366) }, 'untilDate'],
      ['block date malformed', anna.client, 'POST', s('/blocks'), { fromDate: `1.1.${year}`, untilDate: localDay(4) }, 'fromDate'],
      ['block without its end', anna.client, 'POST', s('/blocks'), { fromDate: localDay(4) }, 'untilDate'],
      ['minimum notice negative', anna.client, 'PATCH', s('/profile'), { minNoticeHours: -1 }, 'minNoticeHours'],
      ['minimum notice over two weeks', anna.client, 'PATCH', s('/profile'), { minNoticeHours: 337 }, 'minNoticeHours'],
      ['minimum notice not whole', anna.client, 'PATCH', s('/profile'), { minNoticeHours: 1.5 }, 'minNoticeHours'],
      ['horizon zero', anna.client, 'PATCH', s('/profile'), { horizonDays: 0 }, 'horizonDays'],
      ['horizon over a year', anna.client, 'PATCH', s('/profile'), { horizonDays: 366 }, 'horizonDays'],
      ['team flag not boolean', anna.client, 'PATCH', s('/profile'), { teamVisible: 'ja' }, 'teamVisible'],
      ['bio too long', anna.client, 'PATCH', s('/profile'), { bio: 'x'.repeat(2001) }, 'bio'],
      ['profile: an unknown field', anna.client, 'PATCH', s('/profile'), { photoUrl: 'http://x' }, 'photoUrl'],
      ['crisis until in the past', anna.client, 'PUT', s('/crisis'), { active: true, until: new Date(Date.now() - 60_000).toISOString() }, 'until'],
      ['crisis until more than a week ahead', anna.client, 'PUT', s('/crisis'), { active: true, until: new Date(Date.now() + 7 * 24 * HOUR + 60_000).toISOString() }, 'until'],
      ['crisis until not a time', anna.client, 'PUT', s('/crisis'), { active: true, until: 'bald' }, 'until'],
      ['crisis without active', anna.client, 'PUT', s('/crisis'), {}, 'active'],
      ['booking: a contact type the slot does not offer', klara.client, 'POST', s('/bookings'), { counsellorId: anna.id, start: slot!.start, contactType: 'phone' }, 'contactType'],
      ['booking: a contact type malformed', klara.client, 'POST', s('/bookings'), { counsellorId: anna.id, start: slot!.start, contactType: 'Video!' }, 'contactType'],
      ['booking: start not a time', klara.client, 'POST', s('/bookings'), { counsellorId: anna.id, start: 'morgen früh', contactType: 'mail' }, 'start'],
      ['booking: counsellor not an id', klara.client, 'POST', s('/bookings'), { counsellorId: 'anna', start: slot!.start, contactType: 'mail' }, 'counsellorId'],
      ['booking: note too long', klara.client, 'POST', s('/bookings'), { counsellorId: anna.id, start: slot!.start, contactType: 'mail', note: 'x'.repeat(501) }, 'note'],
      ['booking: an unknown field', klara.client, 'POST', s('/bookings'), { counsellorId: anna.id, start: slot!.start, contactType: 'mail', room: 'A' }, 'room'],
      ['move: start not a time', klara.client, 'PATCH', s(`/bookings/${fake}`), { start: '09:00' }, 'start'],
      ['slots: more than 62 days', klara.client, 'GET', s('/slots?days=63'), undefined, 'days'],
      ['slots: a malformed first day', klara.client, 'GET', s('/slots?from=2027-1-1'), undefined, 'from'],
      ['slots: counsellor not an id', klara.client, 'GET', s('/slots?counsellorId=anna'), undefined, 'counsellorId'],
    ];
    const fingerprint = await databaseFingerprint(t, { session: ['lastSeenAt', 'expiresAt'] });
    const before = await fingerprint.settle();
    const wrong: string[] = [];
    for (const [label, who, method, path, body, field] of cases) {
      const res = await who.request<Problem>(method, path, body);
      const fields = res.body.errors?.map((e) => e.field) ?? [];
      if (res.status !== 400 || !fields.includes(field)) wrong.push(`${label}: ${res.status} ${JSON.stringify(fields)} ${res.body.code}`);
      else if (res.body.errors!.some((e) => !e.message || e.message === e.code || e.message.startsWith('field.'))) wrong.push(`${label}: no message ${JSON.stringify(res.body.errors)}`);
    }
    expect(wrong).toEqual([]);
    expect(changedTables(before, await fingerprint.take())).toEqual([]);
    expect((await anna.client.get<WindowView[]>(s('/windows'))).body).toEqual([existing]);
    expect(existing).toEqual({ id: existing.id, kind: 'weekly', date: null, weekday: W, from: '09:00', to: '12:00', validFrom: localDay(0), validUntil: localDay(365), slotMinutes: 50, bufferMinutes: 10, contactTypes: ['mail'] });

    // The edges are allowed: windows that only touch, a year of validity, a date a year ahead.
    await publishWindow(centre, anna, { ...weekly, weekday: W, from: '12:00', to: '13:00' } as WindowBody);
    await publishWindow(centre, anna, { ...weekly, weekday: W, from: '07:00', to: '09:00', validFrom: localDay(1), validUntil: localDay(1 + 365) } as WindowBody);
    const far = await publishWindow(centre, anna, { ...single, date: localDay(366) } as WindowBody);
    expect(far).toMatchObject({ kind: 'single', date: localDay(366), weekday: weekdayOf(localDay(366)), from: '14:00', to: '16:00', validFrom: null, validUntil: null });
    expect((await anna.client.get<WindowView[]>(s('/windows'))).body).toHaveLength(4);
    // Taken down: gone, once.
    expect((await anna.client.delete(s(`/windows/${far.id}`))).status).toBe(204);
    const twice = await anna.client.delete<Problem>(s(`/windows/${far.id}`));
    expect([twice.status, twice.body.code]).toEqual([404, 'SCHEDULING_WINDOW_NOT_FOUND']);
    expect((await anna.client.get<WindowView[]>(s('/windows'))).body.map((w) => w.id)).not.toContain(far.id);
  });

  it('keeps a weekly window at its local time across the changes to and from summer time, while the instants shift by an hour', async () => {
    const dora = await counsellor(t, centre, 'Dora Dreher');
    const ede = await client(t, centre);
    await setProfile(centre, dora, { minNoticeHours: 0, horizonDays: 365 });
    const window = await publishWindow(centre, dora, { kind: 'weekly', weekday: 1, from: '09:00', to: '12:00', slotMinutes: 50, bufferMinutes: 10, contactTypes: ['phone'], validFrom: localDay(0), validUntil: localDay(365) });
    expect(window).toMatchObject({ weekday: 1, from: '09:00', to: '12:00', validFrom: localDay(0), validUntil: localDay(365) });
    const lastBookable = DateTime.now().plus({ days: 365 });
    const firstBookable = DateTime.now();
    let checked = 0;
    for (const change of clockChanges(localDay(0), 2)) {
      const changeDay = DateTime.fromISO(change, { zone: 'Europe/Berlin' });
      // Mondays two weeks either side of the change, as far as they can be booked now.
      const mondays = [-13, -6, 1, 8]
        .map((d) => changeDay.plus({ days: d }))
        .filter((m) => m.weekday === 1 && m.set({ hour: 9 }) > firstBookable && m.set({ hour: 12 }) < lastBookable)
        .map((m) => m.toISODate()!);
      const before = mondays.filter((m) => m < change);
      const after = mondays.filter((m) => m > change);
      if (before.length === 0 || after.length === 0) continue;
      const from = before[0]!;
      const listed = await freeSlots(centre, dora.client, { from, days: 28 });
      for (const monday of mondays) {
        const day = listed.filter((x) => x.date === monday);
        expect(day.map((x) => [x.time, x.endTime]), monday).toEqual([
          ['09:00', '09:50'],
          ['10:00', '10:50'],
          ['11:00', '11:50'],
        ]);
        expect(day.map((x) => x.start), monday).toEqual(['09:00', '10:00', '11:00'].map((time) => instantOf(monday, time)));
        expect(day.map((x) => x.end), monday).toEqual(['09:50', '10:50', '11:50'].map((time) => instantOf(monday, time)));
      }
      // 09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC in summer.
      const utcHour = (monday: string) => new Date(listed.find((x) => x.date === monday && x.time === '09:00')!.start).getUTCHours();
      const [winter, summer] = [8, 7];
      const toSummer = changeDay.month === 3;
      for (const m of before) expect(utcHour(m), m).toBe(toSummer ? winter : summer);
      for (const m of after) expect(utcHour(m), m).toBe(toSummer ? summer : winter);
      expect(listed.every((x) => weekdayOf(x.date) === 1)).toBe(true);
      // Booked after the change: the invitation's local time, read with its own VTIMEZONE, is the slot's instant.
      const slot = listed.find((x) => x.date === after[0] && x.time === '09:00')!;
      const since = t.mail.messages.length;
      const booking = await book(centre, ede.client, slot, 'phone');
      expect([booking.start, booking.time]).toEqual([slot.start, '09:00']);
      const { event } = await calendarOf(await mailAfter(t, ede.email, since, 'Beratungstermin gebucht'));
      expect(event).toMatchObject({ start: `${after[0]}T09:00:00`, end: `${after[0]}T09:50:00`, startTzid: 'Europe/Berlin', startUtc: slot.start, endUtc: slot.end });
      checked++;
    }
    // The next change always has bookable Mondays either side (unless it is days away: then the
    // one after it); the change after that, too, when it comes within the year booking is open.
    const bookableAround = clockChanges(localDay(0), 2).filter((change) => {
      const d = DateTime.fromISO(change, { zone: 'Europe/Berlin' });
      return d.plus({ days: -6 }).set({ hour: 9 }) > firstBookable && d.plus({ days: 1 }).set({ hour: 12 }) < lastBookable;
    });
    expect(bookableAround.length).toBeGreaterThanOrEqual(1);
    expect(checked).toBe(bookableAround.length);
  });

  it('books a slot with a calendar invitation for both, cancels and moves it with the same UID, and frees the slot', async () => {
    const berta = await counsellor(t, centre, 'Berta Brandt');
    const klara = await client(t, centre);
    const kai = await client(t, centre);
    const day = localDay(3);
    await publishWindow(centre, berta, weeklyOn(day));
    const times = async () => (await freeSlots(centre, klara.client, { from: day, days: 1, counsellorId: berta.id })).map((x) => x.time);
    const listed = await freeSlots(centre, klara.client, { from: day, days: 1, counsellorId: berta.id });
    expect(listed.map((x) => x.time)).toEqual(['09:00', '10:00', '11:00']);
    expect(listed[0]).toEqual({ start: instantOf(day, '09:00'), end: instantOf(day, '09:50'), date: day, time: '09:00', endTime: '09:50', counsellor: { id: berta.id, name: 'Berta Brandt' }, contactTypes: ['mail', 'phone'] });
    const [nine, , eleven] = listed as [SlotView, SlotView, SlotView];
    const klaraName = await nameOf(klara);
    expect(klaraName).not.toBe('');
    const klaraSocket = await connectSocket(t.baseUrl, klara.client);
    const bertaSocket = await connectSocket(t.baseUrl, berta.client);
    const note = 'Es geht um meinen Sohn Maximilian und die Schule.';
    const people = [
      { email: klara.email, other: 'Berta Brandt' },
      { email: berta.login, other: klaraName },
    ];
    const germanDate = day.split('-').reverse().join('.');
    /** Both people's mails with this subject since `since`, read as calendars; neither says the note or who the other is. */
    const calendars = async (since: number, subject: string) => {
      const out = [];
      for (const p of people) {
        const mail = await mailAfter(t, p.email, since, subject);
        const cal = await calendarOf(mail);
        expect(cal.readable).not.toContain(note);
        expect(cal.readable).not.toContain('Maximilian');
        expect(cal.readable, p.email).not.toContain(p.other);
        out.push(cal);
      }
      await sleep(100);
      for (const p of people) expect(mailsSince(t, p.email, since, subject), p.email).toHaveLength(1);
      return out;
    };

    // Booked: 201, both get the invitation.
    let since = t.mail.messages.length;
    const booked = await bookSlot(centre, klara.client, nine, 'phone', `  ${note}  `);
    expect(booked.status).toBe(201);
    const first = booked.body;
    expect(first).toEqual({
      id: first.id,
      start: nine.start,
      end: nine.end,
      date: day,
      time: '09:00',
      endTime: '09:50',
      counsellor: { id: berta.id, name: 'Berta Brandt' },
      client: { id: klara.id, name: klaraName },
      contactType: 'phone',
      note,
      status: 'booked',
      cancelledBy: null,
      meetingUrl: null,
    });
    const uid = `${first.id}@beradig.test`;
    for (const cal of await calendars(since, 'Beratungstermin gebucht')) {
      expect(cal.event).toMatchObject({ method: 'REQUEST', uid, sequence: 0, status: 'CONFIRMED', start: `${day}T09:00:00`, end: `${day}T09:50:00`, startTzid: 'Europe/Berlin', endTzid: 'Europe/Berlin', startUtc: nine.start, endUtc: nine.end });
      // nodemailer's icalEvent: the invitation as an alternative part that names its method, and as termin.ics.
      expect(cal.parts.map((p) => [p.contentType, p.filename ?? null, p.method ?? null]).sort()).toEqual([
        ['application/ics', 'termin.ics', null],
        ['text/calendar', null, 'REQUEST'],
      ]);
      expect(cal.readable).toContain(`${germanDate}, 09:00–09:50 Uhr (Telefon)`);
    }
    await klaraSocket.next('scheduling.booking', (p: { bookingId: string }) => p.bookingId === first.id);
    await bertaSocket.next('scheduling.booking', (p: { bookingId: string }) => p.bookingId === first.id);
    expect(await times()).toEqual(['10:00', '11:00']);
    // Both see it, with the note; the counsellor sees whom.
    const bertasList = await berta.client.get<BookingView[]>(s('/bookings'));
    expect(bertasList.body.map((b) => [b.id, b.client.name, b.note])).toEqual([[first.id, klaraName, note]]);
    expect((await klara.client.get<BookingView>(s(`/bookings/${first.id}`))).body).toEqual(first);
    const calendarDay = (await berta.client.get<{ date: string; slots: { time: string; booking: { id: string; clientName: string } | null }[] }[]>(s(`/calendar?from=${day}&days=1`))).body[0]!;
    expect(calendarDay.slots.map((x) => [x.time, x.booking?.id ?? null, x.booking?.clientName ?? null])).toEqual([
      ['09:00', first.id, klaraName],
      ['10:00', null, null],
      ['11:00', null, null],
    ]);

    // The client cancels: the same UID, a higher sequence, for both; the slot is free again.
    since = t.mail.messages.length;
    expect((await klara.client.delete(s(`/bookings/${first.id}`))).status).toBe(204);
    for (const cal of await calendars(since, 'Beratungstermin abgesagt')) {
      expect(cal.event).toMatchObject({ method: 'CANCEL', uid, sequence: 1, status: 'CANCELLED', start: `${day}T09:00:00`, startTzid: 'Europe/Berlin' });
      expect(cal.parts.find((p) => p.contentType === 'text/calendar')!.method).toBe('CANCEL');
    }
    expect((await klara.client.get<BookingView>(s(`/bookings/${first.id}`))).body).toMatchObject({ status: 'cancelled', cancelledBy: 'client' });
    const twice = await klara.client.delete<Problem>(s(`/bookings/${first.id}`));
    expect([twice.status, twice.body.code]).toEqual([409, 'SCHEDULING_BOOKING_OVER']);
    expect(await times()).toEqual(['09:00', '10:00', '11:00']);

    // Booked again: a new appointment (a new UID); then moved to 11:00.
    const again = await book(centre, klara.client, nine, 'mail');
    expect(again.id).not.toBe(first.id);
    const uid2 = `${again.id}@beradig.test`;
    since = t.mail.messages.length;
    const moved = await klara.client.patch<BookingView>(s(`/bookings/${again.id}`), { start: eleven.start });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: again.id, start: eleven.start, end: eleven.end, time: '11:00', endTime: '11:50', contactType: 'mail', status: 'booked' });
    for (const cal of await calendars(since, 'Beratungstermin verschoben')) {
      expect(cal.event).toMatchObject({ method: 'REQUEST', uid: uid2, sequence: 1, start: `${day}T11:00:00`, end: `${day}T11:50:00`, startTzid: 'Europe/Berlin', startUtc: eleven.start });
      expect(cal.readable).toContain(`${germanDate}, 11:00–11:50 Uhr (schriftlich)`);
    }
    expect(await times()).toEqual(['09:00', '10:00']);
    const late = await bookSlot(centre, kai.client, eleven, 'mail');
    expect([late.status, late.body.code]).toEqual([409, 'SCHEDULING_SLOT_TAKEN']);
    // Moving to a time that is not a free slot is refused, and changes nothing.
    const nowhere = await klara.client.patch<Problem>(s(`/bookings/${again.id}`), { start: instantOf(day, '09:30') });
    expect([nowhere.status, nowhere.body.code]).toEqual([409, 'SCHEDULING_SLOT_UNAVAILABLE']);
    expect((await bookingRow(again.id)).sequence).toBe(1);

    // The counsellor cancels: the client is told, with the same UID and the next sequence.
    since = t.mail.messages.length;
    expect((await berta.client.delete(s(`/bookings/${again.id}`))).status).toBe(204);
    for (const cal of await calendars(since, 'Beratungstermin abgesagt')) {
      expect(cal.event).toMatchObject({ method: 'CANCEL', uid: uid2, sequence: 2, start: `${day}T11:00:00` });
    }
    expect((await klara.client.get<BookingView>(s(`/bookings/${again.id}`))).body).toMatchObject({ status: 'cancelled', cancelledBy: 'counsellor' });
    await klaraSocket.next('scheduling.booking', (p: { bookingId: string }) => p.bookingId === again.id);
    expect(await times()).toEqual(['09:00', '10:00', '11:00']);
    expect((await klara.client.get<BookingView[]>(s('/bookings'))).body).toEqual([]);
    expect((await klara.client.get<BookingView[]>(s('/bookings?scope=past'))).body.map((b) => [b.id, b.cancelledBy]).sort()).toEqual(
      [
        [first.id, 'client'],
        [again.id, 'counsellor'],
      ].sort(),
    );
    klaraSocket.close();
    bertaSocket.close();
  });

  it('lists and books nothing sooner than the minimum notice or beyond the horizon, and holds the limit of open bookings, also in parallel', async () => {
    const cleo = await counsellor(t, centre, 'Cleo Conrad');
    await setProfile(centre, cleo, { minNoticeHours: 48, horizonDays: 10 });
    const tomorrow = localDay(1);
    await publishWindow(centre, cleo, { kind: 'weekly', weekday: weekdayOf(tomorrow), from: '09:00', to: '17:00', slotMinutes: 30, contactTypes: ['phone'] });
    const [lena, lars] = (await clients(t, centre, 2)) as [Client, Client];
    const dates = async () => [...new Set((await freeSlots(centre, lena.client, { days: 21, counsellorId: cleo.id })).map((x) => x.date))];
    // Tomorrow is within 48 hours; in two weeks is beyond 10 days: only next week's day is open.
    expect(await dates()).toEqual([localDay(8)]);
    const refused = async (start: string) => {
      const res = await bookSlot(centre, lena.client, { start, counsellor: { id: cleo.id } }, 'phone');
      return [res.status, res.body.code];
    };
    expect(await refused(instantOf(tomorrow, '16:30'))).toEqual([409, 'SCHEDULING_SLOT_UNAVAILABLE']);
    expect(await refused(instantOf(localDay(15), '09:00'))).toEqual([409, 'SCHEDULING_SLOT_UNAVAILABLE']);
    expect(await refused(instantOf(localDay(8), '09:10'))).toEqual([409, 'SCHEDULING_SLOT_UNAVAILABLE']);
    expect(await refused(instantOf(localDay(9), '09:00'))).toEqual([409, 'SCHEDULING_SLOT_UNAVAILABLE']);
    expect(await refused(instantOf(localDay(-6), '09:00'))).toEqual([409, 'SCHEDULING_SLOT_UNAVAILABLE']);
    expect(await t.dataSource.getRepository(SchedulingBooking).countBy({ counsellorId: cleo.id })).toBe(0);
    // The rules are the counsellor's to change.
    await setProfile(centre, cleo, { minNoticeHours: 0, horizonDays: 20 });
    expect(await dates()).toEqual([localDay(1), localDay(8), localDay(15)]);
    await setProfile(centre, cleo, { minNoticeHours: 48, horizonDays: 10 });
    expect(await dates()).toEqual([localDay(8)]);
    // A blocked day has no slots, until the block is lifted.
    const block = await cleo.client.post<{ id: string; fromDate: string; untilDate: string }>(s('/blocks'), { fromDate: localDay(7), untilDate: localDay(8) });
    expect(block.status).toBe(201);
    expect((await cleo.client.get(s('/blocks'))).body).toEqual([block.body]);
    expect(await dates()).toEqual([]);
    expect(await refused(instantOf(localDay(8), '09:00'))).toEqual([409, 'SCHEDULING_SLOT_UNAVAILABLE']);
    expect((await cleo.client.delete(s(`/blocks/${block.body.id}`))).status).toBe(204);
    expect(await dates()).toEqual([localDay(8)]);

    // The defaults: twelve hours' notice, sixty days ahead.
    const gabi = await counsellor(t, centre, 'Gabi Graf');
    expect((await gabi.client.get<ProfileView>(s('/profile'))).body).toEqual({ minNoticeHours: 12, horizonDays: 60, teamVisible: false, hiddenByAdmin: false, bio: null, photoUrl: null });
    // (A slot two to four hours from now, not in the night hours the clocks change in.)
    let soon = DateTime.now().setZone('Europe/Berlin').plus({ hours: 3 }).startOf('hour');
    while (soon.hour >= 1 && soon.hour <= 3) soon = soon.plus({ hours: 1 });
    for (const [date, from, to] of [
      [soon.toISODate()!, soon.toFormat('HH:00'), soon.toFormat('HH:30')],
      [localDay(58), '10:00', '10:30'],
      [localDay(61), '10:00', '10:30'],
    ] as const) {
      await publishWindow(centre, gabi, { kind: 'single', date, from, to, slotMinutes: 30, contactTypes: ['phone'] });
    }
    expect((await freeSlots(centre, lena.client, { days: 1, counsellorId: gabi.id })).length + (await freeSlots(centre, lena.client, { from: localDay(1), days: 1, counsellorId: gabi.id })).length).toBe(0);
    expect((await freeSlots(centre, lena.client, { from: localDay(55), days: 10, counsellorId: gabi.id })).map((x) => x.date)).toEqual([localDay(58)]);
    expect((await gabi.client.get<CalendarDay[]>(s(`/calendar?from=${soon.toISODate()!}&days=1`))).body[0]!.slots.map((x) => x.time)).toEqual([soon.toFormat('HH:00')]);

    const open = await freeSlots(centre, lena.client, { from: localDay(8), days: 1, counsellorId: cleo.id });
    expect(open).toHaveLength(16);
    const bookings = [];
    for (const slot of open.slice(0, 3)) bookings.push(await book(centre, lena.client, slot, 'phone'));
    const fourth = await bookSlot(centre, lena.client, open[3]!, 'phone');
    expect([fourth.status, fourth.body.code]).toEqual([409, 'SCHEDULING_TOO_MANY_BOOKINGS']);
    expect((fourth.body as unknown as Problem).detail).toContain('3 offene Termine');
    // One cancelled: one more may be booked.
    expect((await lena.client.delete(s(`/bookings/${bookings[0]!.id}`))).status).toBe(204);
    expect((await bookSlot(centre, lena.client, open[3]!, 'phone')).status).toBe(201);

    // Four at once: three are booked, the fourth is refused.
    const since = t.mail.messages.length;
    const parallel = await Promise.all(open.slice(4, 8).map((slot) => bookSlot(centre, lars.client, slot, 'phone')));
    expect(parallel.map((r) => r.status).sort()).toEqual([201, 201, 201, 409]);
    expect(parallel.find((r) => r.status === 409)!.body.code).toBe('SCHEDULING_TOO_MANY_BOOKINGS');
    expect(await t.dataSource.getRepository(SchedulingBooking).countBy({ clientId: lars.id, status: 'booked' })).toBe(3);
    expect(await t.dataSource.getRepository(SchedulingBooking).countBy({ clientId: lars.id })).toBe(3);
    // He was assigned once, and the administration told once.
    expect((await lars.client.get<CaseSummary[]>(`/api/v1/centres/${centre.slug}/cases`)).body.map((c) => c.counsellor?.id)).toEqual([cleo.id]);
    await mailAfter(t, centre.admin.email, since, 'Termin gebucht: eine Anfrage ist zugeordnet');
    await sleep(200);
    expect(mailsSince(t, centre.admin.email, since, 'Termin gebucht: eine Anfrage ist zugeordnet')).toHaveLength(1);
  });

  it('twenty clients booking one slot at once: exactly one gets it, nineteen hear it was taken, one row is stored', async () => {
    const dana = await counsellor(t, centre, 'Dana Dorn');
    const day = localDay(5);
    await publishWindow(centre, dana, { kind: 'single', date: day, from: '10:00', to: '11:00', slotMinutes: 60, contactTypes: ['phone'] });
    const crowd = await clients(t, centre, 20);
    const [slot] = await freeSlots(centre, crowd[0]!.client, { from: day, days: 1, counsellorId: dana.id });
    expect(slot).toMatchObject({ time: '10:00', endTime: '11:00' });
    const since = t.mail.messages.length;
    const results = await Promise.all(crowd.map((c) => bookSlot(centre, c.client, slot!, 'phone')));
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array<string>(19).fill('SCHEDULING_SLOT_TAKEN'));
    expect(await t.dataSource.getRepository(SchedulingBooking).countBy({ counsellorId: dana.id, status: 'booked' })).toBe(1);
    expect(await t.dataSource.getRepository(SchedulingBooking).countBy({ counsellorId: dana.id })).toBe(1);
    const winner = crowd[results.findIndex((r) => r.status === 201)]!;
    expect((await bookingRow(results.find((r) => r.status === 201)!.body.id)).clientId).toBe(winner.id);
    expect(await freeSlots(centre, crowd[1]!.client, { from: day, days: 1, counsellorId: dana.id })).toEqual([]);
    // Only the winner and the counsellor are told; only the winner is assigned.
    await mailAfter(t, winner.email, since, 'Beratungstermin gebucht');
    await sleep(200);
    expect(mailsSince(t, dana.login, since, 'Beratungstermin gebucht')).toHaveLength(1);
    for (const c of crowd) expect(mailsSince(t, c.email, since, 'Beratungstermin gebucht')).toHaveLength(c === winner ? 1 : 0);
    const counsellors = await Promise.all(crowd.map(async (c) => (await c.client.get<CaseSummary[]>(`/api/v1/centres/${centre.slug}/cases`)).body[0]?.counsellor?.id ?? null));
    expect(counsellors.filter((id) => id === dana.id)).toHaveLength(1);
    expect(counsellors.filter((id) => id !== null)).toHaveLength(1);
  });

  it('a booking assigns an unassigned client to the counsellor (the enquiry goes with them, the admins are told); then only that counsellor’s slots', async () => {
    const erik = await counsellor(t, centre, 'Erik Engel');
    const finn = await counsellor(t, centre, 'Finn Fuchs');
    const day = localDay(4);
    await publishWindow(centre, erik, weeklyOn(day));
    await publishWindow(centre, finn, weeklyOn(day));
    const [greta, hanna, ida] = (await clients(t, centre, 3)) as [Client, Client, Client];
    const cases = async (who: Person) => (await who.client.get<CaseSummary[]>(`/api/v1/centres/${centre.slug}/cases`)).body;
    const slotOf = async (who: Person, counsellorId: string) => (await freeSlots(centre, who.client, { from: day, days: 1, counsellorId }))[0]!;
    const enquiryText = 'Meine Tochter schläft seit Wochen schlecht.';
    const caseId = await enquiry(centre, greta, enquiryText);
    expect((await cases(greta)).map((c) => [c.id, c.counsellor])).toEqual([[caseId, null]]);
    // Before: everyone's slots.
    const ids = new Set((await freeSlots(centre, greta.client, { from: day, days: 1 })).map((x) => x.counsellor.id));
    expect(ids.has(erik.id) && ids.has(finn.id)).toBe(true);

    const assignedSubject = 'Termin gebucht: eine Anfrage ist zugeordnet';
    let since = t.mail.messages.length;
    const note = 'Bitte nicht auf dem Handy anrufen.';
    await book(centre, greta.client, await slotOf(greta, erik.id), 'phone', note);
    expect((await cases(greta)).map((c) => [c.id, c.counsellor?.id, c.status])).toEqual([[caseId, erik.id, 'assigned']]);
    expect((await cases(erik)).map((c) => c.id)).toContain(caseId);
    expect(await thread(centre, erik, caseId)).toContain(enquiryText);
    const told = await mailAfter(t, centre.admin.email, since, assignedSubject);
    for (const secret of [enquiryText, note, 'Erik Engel', greta.username, greta.email]) expect(told.text + told.subject + told.html, secret).not.toContain(secret);
    await sleep(100);
    expect(mailsSince(t, centre.admin.email, since, assignedSubject)).toHaveLength(1);

    // After: only their counsellor's slots; another's is unavailable to them.
    const after = await freeSlots(centre, greta.client, { from: day, days: 7 });
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(after.map((x) => x.counsellor.id))).toEqual(new Set([erik.id]));
    expect(await freeSlots(centre, greta.client, { from: day, days: 1, counsellorId: finn.id })).toEqual([]);
    const elsewhere = await bookSlot(centre, greta.client, await slotOf(hanna, finn.id), 'phone');
    expect([elsewhere.status, elsewhere.body.code]).toEqual([409, 'SCHEDULING_SLOT_UNAVAILABLE']);

    // A client without an enquiry: the case is opened and assigned.
    expect(await cases(hanna)).toEqual([]);
    since = t.mail.messages.length;
    await book(centre, hanna.client, await slotOf(hanna, finn.id), 'mail');
    expect((await cases(hanna)).map((c) => [c.counsellor?.id, c.status])).toEqual([[finn.id, 'assigned']]);
    await mailAfter(t, centre.admin.email, since, assignedSubject);

    // Booking two counsellors at the same moment: one booking stands and the case goes to its
    // counsellor, once; the other is refused (a client nobody counsels yet books with one).
    const jonas = (await clients(t, centre, 1))[0]!;
    since = t.mail.messages.length;
    const pair = [await slotOf(jonas, erik.id), await slotOf(jonas, finn.id)];
    const both = await Promise.all(pair.map((slot) => bookSlot(centre, jonas.client, slot, 'phone')));
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = both.find((r) => r.status === 409)!;
    // Refused in the statement that writes (both at once), or already as not this client's counsellor (the first was done).
    expect(['SCHEDULING_OTHER_COUNSELLOR', 'SCHEDULING_SLOT_UNAVAILABLE']).toContain((refused.body as unknown as { code: string }).code);
    const winner = pair[both.findIndex((r) => r.status === 201)]!;
    const [jonasCase] = await cases(jonas);
    expect(jonasCase!.counsellor!.id).toBe(winner.counsellor.id);
    const caseEvents = (await t.dataSource.getRepository(AuditEvent).findBy({ targetId: jonasCase!.id })).map((e) => e.action);
    expect(caseEvents.filter((a) => a === 'case.assigned')).toHaveLength(1);
    expect(caseEvents.filter((a) => a === 'case.reassigned')).toHaveLength(0);
    await mailAfter(t, centre.admin.email, since, assignedSubject);
    await sleep(200);
    expect(mailsSince(t, centre.admin.email, since, assignedSubject)).toHaveLength(1);

    // A client the administration assigned: their counsellor only, and no news for the admins.
    await assign(centre, admin, await enquiry(centre, ida), finn.id);
    expect(new Set((await freeSlots(centre, ida.client, { from: day, days: 7 })).map((x) => x.counsellor.id))).toEqual(new Set([finn.id]));
    const notHers = await bookSlot(centre, ida.client, await slotOf(greta, erik.id), 'phone');
    expect([notHers.status, notHers.body.code]).toEqual([409, 'SCHEDULING_SLOT_UNAVAILABLE']);
    since = t.mail.messages.length;
    await book(centre, ida.client, await slotOf(ida, finn.id), 'phone');
    await mailAfter(t, ida.email, since, 'Beratungstermin gebucht');
    await sleep(200);
    expect(mailsSince(t, centre.admin.email, since, assignedSubject)).toHaveLength(0);
  });

  it('crisis contacts on duty get new clients directly, shared round robin; the admin sees and ends duty; without anyone on duty the admin assigns', async () => {
    const home = await createCentre(t, { modules: ['mail', 'scheduling'] });
    const homeAdmin = await login(t, home.slug, home.admin.email, home.admin.password);
    const at = (path: string) => schedulingPath(home, path);
    const duty = await Promise.all(['Jana Jung', 'Karl Kern', 'Lena Lang'].map((name) => counsellor(t, home, name)));
    const [jana, karl, lena] = duty as [Person, Person, Person];
    const mia = await counsellor(t, home, 'Mia Moor');

    for (const [label, body] of [
      ['past', { active: true, until: new Date(Date.now() - 1000).toISOString() }],
      ['eight days', { active: true, until: new Date(Date.now() + 8 * 24 * HOUR).toISOString() }],
    ] as const) {
      const res = await jana.client.put<Problem>(at('/crisis'), body);
      expect([res.status, res.body.errors?.map((e) => e.field)], label).toEqual([400, ['until']]);
    }
    expect((await jana.client.get<CrisisView>(at('/crisis'))).body).toEqual({ active: false, until: null });
    expect((await jana.client.put<CrisisView>(at('/crisis'), { active: true })).body).toEqual({ active: true, until: null });
    // Whole seconds: MariaDB keeps no fractions of them.
    const until = new Date(Math.floor((Date.now() + 2 * 24 * HOUR) / 1000) * 1000).toISOString();
    expect((await karl.client.put<CrisisView>(at('/crisis'), { active: true, until })).body).toEqual({ active: true, until });
    expect((await lena.client.put<CrisisView>(at('/crisis'), { active: true, until: null })).body).toEqual({ active: true, until: null });
    const team = async () => new Map((await homeAdmin.get<TeamAdminView[]>(at('/admin/team'))).body.map((m) => [m.id, m]));
    const board = await team();
    expect(board.get(jana.id)).toEqual({ id: jana.id, name: 'Jana Jung', teamVisible: false, hiddenByAdmin: false, crisis: { active: true, until: null } });
    expect(board.get(karl.id)!.crisis).toEqual({ active: true, until });
    expect(board.get(lena.id)!.crisis).toEqual({ active: true, until: null });
    expect(board.get(mia.id)!.crisis).toEqual({ active: false, until: null });

    const sockets = await Promise.all([...duty, mia].map((p) => connectSocket(t.baseUrl, p.client)));
    const since = t.mail.messages.length;
    // Six register, then all six confirm at the same moment.
    const newcomers = [];
    for (let i = 0; i < 6; i++) newcomers.push(await registerClient(t, home.slug, { confirm: false }));
    const tokens = await Promise.all(newcomers.map(async (n) => linkIn(await t.mail.waitFor(n.email)).searchParams.get('token')!));
    const confirmed = await Promise.all(tokens.map((token) => t.client().post(`/api/v1/centres/${home.slug}/registrations/confirm`, { token })));
    expect(confirmed.map((r) => r.status)).toEqual(Array<number>(6).fill(200));
    const allCases = async () => (await homeAdmin.get<CaseSummary[]>(`/api/v1/centres/${home.slug}/cases`)).body;
    const assigned = await eventually('crisis assignments', allCases, (cs) => cs.filter((c) => c.counsellor).length >= 6);
    expect(assigned).toHaveLength(6);
    const perCounsellor = (id: string) => assigned.filter((c) => c.counsellor?.id === id).map((c) => c.id).sort();
    expect(duty.map((p) => perCounsellor(p.id).length)).toEqual([2, 2, 2]);
    expect(perCounsellor(mia.id)).toEqual([]);
    const crisisSubject = 'Krisenkontakt: eine neue ratsuchende Person ist Ihnen zugeordnet';
    for (const [i, p] of duty.entries()) {
      const heard = await eventually(`events for ${p.login}`, () => eventsOf<{ caseId: string }>(sockets[i]!, 'scheduling.crisis-client'), (e) => e.length >= 2);
      expect(heard.map((e) => e.caseId).sort()).toEqual(perCounsellor(p.id));
      await eventually(`mails to ${p.login}`, () => mailsSince(t, p.login, since, crisisSubject), (m) => m.length >= 2);
      for (const mail of mailsSince(t, p.login, since, crisisSubject)) for (const n of newcomers) expect(mail.text).not.toContain(n.username);
      expect((await p.client.get<CaseSummary[]>(`/api/v1/centres/${home.slug}/cases`)).body.map((c) => c.id).sort()).toEqual(perCounsellor(p.id));
    }
    await sleep(200);
    for (const p of duty) expect(mailsSince(t, p.login, since, crisisSubject)).toHaveLength(2);
    expect(mailsSince(t, mia.login, since, crisisSubject)).toHaveLength(0);
    expect(eventsOf(sockets[3]!, 'scheduling.crisis-client')).toEqual([]);
    // The client's own view: their counsellor, at once.
    const one = await login(t, home.slug, newcomers[0]!.username, newcomers[0]!.password);
    expect(duty.map((p) => p.id)).toContain((await one.get<CaseSummary[]>(`/api/v1/centres/${home.slug}/cases`)).body[0]!.counsellor!.id);

    // The admin ends Jana's duty; the others end their own.
    expect((await homeAdmin.delete(at(`/admin/crisis/${jana.id}`))).status).toBe(204);
    expect((await jana.client.get<CrisisView>(at('/crisis'))).body).toEqual({ active: false, until: null });
    expect((await team()).get(jana.id)!.crisis.active).toBe(false);
    expect((await homeAdmin.delete<Problem>(at(`/admin/crisis/${randomUUID()}`))).status).toBe(404);
    for (const p of [karl, lena]) expect((await p.client.put<CrisisView>(at('/crisis'), { active: false })).body).toEqual({ active: false, until: null });
    expect([...(await team()).values()].filter((m) => m.crisis.active)).toEqual([]);

    // Nobody on duty: the new client's enquiry waits for the administration.
    const late = await registerClient(t, home.slug);
    const lateSession = await login(t, home.slug, late.username, late.password);
    const lateCase = (await lateSession.post<{ caseId: string }>(`/api/v1/centres/${home.slug}/enquiries`, { text: 'Ich weiß nicht weiter.' })).body.caseId;
    await sleep(500);
    const cs = await allCases();
    expect(cs.find((c) => c.id === lateCase)).toMatchObject({ counsellor: null, status: 'new' });
    expect(cs.filter((c) => c.counsellor)).toHaveLength(6);
    for (const so of sockets) so.close();
  });

  it('the public team page: who chose to be on it, with text, ways of contact and free slots; the administration can hide someone for good', async () => {
    const nora = await counsellor(t, centre, 'Nora Nagel');
    const otto = await counsellor(t, centre, 'Otto Ost');
    const paula = await counsellor(t, centre, 'Paula Pohl');
    const bio = 'Systemische Beraterin, Schwerpunkt Jugendliche und Familien.';
    await setProfile(centre, nora, { teamVisible: true, bio });
    await setProfile(centre, otto, { teamVisible: true });
    await publishWindow(centre, nora, weeklyOn(localDay(3)));
    await publishWindow(centre, nora, { kind: 'single', date: localDay(5), from: '14:00', to: '15:00', slotMinutes: 60, contactTypes: ['in-person'] });
    await publishWindow(centre, paula, weeklyOn(localDay(3)));
    const anonymous = t.client();
    const members = async () => new Map((await anonymous.get<TeamMemberView[]>(s('/team'))).body.map((m) => [m.id, m]));
    let page = await members();
    expect(page.get(nora.id)).toEqual({ id: nora.id, name: 'Nora Nagel', bio, photoUrl: null, contactTypes: ['mail', 'phone', 'in-person'], hasFreeSlots: true });
    expect(page.get(otto.id)).toEqual({ id: otto.id, name: 'Otto Ost', bio: null, photoUrl: null, contactTypes: [], hasFreeSlots: false });
    expect(page.has(paula.id)).toBe(false);
    const portal = async () => ((await anonymous.get<PublicCentre>(`/api/v1/centres/${centre.slug}`)).body.features.scheduling as { teamSize: number }).teamSize;
    const size = await portal();
    expect(size).toBe(page.size);

    // Photos are public only for those on the page.
    const photo = await photoWithExif();
    const profile = await putPhoto(nora.client, photo, 'image/jpeg', 'portrait.jpg');
    expect(profile.status).toBe(200);
    expect(profile.body.photoUrl).toMatch(new RegExp(`^/api/v1/centres/${centre.slug}/scheduling/team/${nora.id}/photo\\?v=`));
    expect((await putPhoto(paula.client, photo, 'image/jpeg', 'portrait.jpg')).status).toBe(200);
    page = await members();
    expect(page.get(nora.id)!.photoUrl).toBe(profile.body.photoUrl);
    expect((await anonymous.bytes(profile.body.photoUrl!)).status).toBe(200);
    expect((await anonymous.bytes(s(`/team/${paula.id}/photo`))).status).toBe(404);
    expect((await anonymous.bytes(s(`/team/${otto.id}/photo`))).status).toBe(404);
    expect((await anonymous.bytes(s(`/team/${randomUUID()}/photo`))).status).toBe(404);
    expect((await anonymous.bytes(s('/team/nicht-da/photo'))).status).toBe(404);

    // Hidden by the administration: gone from the page, the photo too; the counsellor cannot undo it.
    const hidden = await admin.put<TeamAdminView[]>(s(`/admin/team/${nora.id}`), { hidden: true });
    expect(hidden.status).toBe(200);
    expect(hidden.body.find((m) => m.id === nora.id)).toMatchObject({ teamVisible: true, hiddenByAdmin: true });
    expect((await members()).has(nora.id)).toBe(false);
    expect(await portal()).toBe(size - 1);
    expect((await anonymous.bytes(profile.body.photoUrl!)).status).toBe(404);
    const tries = await nora.client.patch<ProfileView>(s('/profile'), { teamVisible: true });
    expect(tries.body).toMatchObject({ teamVisible: true, hiddenByAdmin: true });
    expect((await members()).has(nora.id)).toBe(false);
    expect((await anonymous.bytes(s(`/team/${nora.id}/photo`))).status).toBe(404);
    // Nor are their slots offered to clients who have no counsellor yet.
    const newcomer = await client(t, centre);
    expect(await freeSlots(centre, newcomer.client, { from: localDay(3), days: 1, counsellorId: nora.id })).toEqual([]);
    const refused = await bookSlot(centre, newcomer.client, { start: instantOf(localDay(3), '09:00'), counsellor: { id: nora.id } }, 'phone');
    expect([refused.status, refused.body.code]).toEqual([409, 'SCHEDULING_SLOT_UNAVAILABLE']);
    expect((await admin.put<Problem>(s(`/admin/team/${newcomer.id}`), { hidden: true })).status).toBe(404);
    expect((await nora.client.put(s(`/admin/team/${nora.id}`), { hidden: false })).status).toBe(403);

    // Shown again by the administration.
    expect((await admin.put(s(`/admin/team/${nora.id}`), { hidden: false })).status).toBe(200);
    expect((await members()).get(nora.id)).toMatchObject({ name: 'Nora Nagel', bio });
    expect((await anonymous.bytes(profile.body.photoUrl!)).status).toBe(200);
    // The counsellor leaves the page themself.
    await setProfile(centre, nora, { teamVisible: false, bio: '' });
    expect((await members()).has(nora.id)).toBe(false);
    expect((await nora.client.get<ProfileView>(s('/profile'))).body).toMatchObject({ teamVisible: false, hiddenByAdmin: false, bio: null });
  });

  it('a portrait is decoded and written anew without its metadata; what is no image is refused with 415, what is too big with 413, storing nothing', async () => {
    const olga = await counsellor(t, centre, 'Olga Opitz');
    await setProfile(centre, olga, { teamVisible: true });
    const photo = await photoWithExif();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    expect(photo.includes('Geheim')).toBe(true);
    const stored = () => t.dataSource.getRepository(SchedulingPhoto).countBy({ counsellorId: olga.id });

    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
    const html = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>', 'utf8');
    const fakeJpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), html]);
    for (const [label, bytes] of [['a renamed PDF', pdf], ['an HTML file named .jpg', html], ['HTML behind a JPEG signature', fakeJpeg]] as const) {
      const res = await putPhoto(olga.client, bytes, 'image/jpeg', 'foto.jpg');
      expect([res.status, res.body.code], label).toEqual([415, 'ASSET_TYPE']);
    }
    const big = Buffer.concat([photo, Buffer.alloc(5 * 1024 * 1024 + 1 - photo.length)]);
    const tooBig = await putPhoto(olga.client, big, 'image/jpeg', 'gross.jpg');
    expect(tooBig.status).toBe(413);
    expect(await stored()).toBe(0);
    expect((await olga.client.get<ProfileView>(s('/profile'))).body.photoUrl).toBeNull();
    // Only counsellors have portraits.
    const klient = await client(t, centre);
    expect((await putPhoto(klient.client, photo, 'image/jpeg', 'ich.jpg')).status).toBe(403);
    expect((await putPhoto(admin, photo, 'image/jpeg', 'ich.jpg')).status).toBe(403);

    const res = await putPhoto(olga.client, photo, 'image/jpeg', 'portrait.jpg');
    expect(res.status).toBe(200);
    const served = await t.client().bytes(res.body.photoUrl!);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/^image\//);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    for (const secret of ['Geheim', 'Fotograf', 'Lindenstra']) expect(served.body.includes(secret), secret).toBe(false);
    const meta = await sharp(served.body).metadata();
    expect(meta.exif).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([64, 48]);
    expect(await databaseContains(t, 'Geheimer Fotograf')).toBe(false);
    // Revalidated by its tag.
    const etag = served.headers.get('etag')!;
    const again = await fetch(t.baseUrl + res.body.photoUrl!, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    // Deleted: gone from the page.
    expect((await olga.client.delete(s('/profile/photo'))).status).toBe(204);
    expect(await stored()).toBe(0);
    expect((await t.client().bytes(res.body.photoUrl!)).status).toBe(404);
  });

  it('is invisible where the module is not licensed: every scheduling route answers 404', async () => {
    const plain = await createCentre(t, { modules: ['mail'] });
    const plainAdmin = await login(t, plain.slug, plain.admin.email, plain.admin.password);
    const plainCounsellor = await counsellor(t, plain, 'Ohne Termine');
    const plainClient = await client(t, plain);
    const operator = await t.operator();
    const routes = listRoutes(t.app).filter((r) => r.feature === 'scheduling');
    expect(routes.length).toBe(24);
    const id = randomUUID();
    const bodies: Record<string, unknown> = {
      'POST /windows': weeklyOn(localDay(3)),
      'POST /blocks': { fromDate: localDay(1), untilDate: localDay(2) },
      'PATCH /profile': { teamVisible: true },
      'PUT /crisis': { active: true },
      'POST /bookings': { counsellorId: plainCounsellor.id, start: new Date(Date.now() + 72 * HOUR).toISOString(), contactType: 'phone' },
      'PATCH /bookings/:bookingId': { start: new Date(Date.now() + 72 * HOUR).toISOString() },
      'PUT /admin/team/:counsellorId': { hidden: true },
    };
    const wrong: string[] = [];
    for (const r of routes) {
      const path = r.path.replace(':centre', plain.slug).replace(/:[A-Za-z]+/g, id);
      const body = bodies[`${r.method} ${r.path.replace('/api/v1/centres/:centre/scheduling', '')}`];
      for (const [label, who] of [['anonymous', t.client()], ['client', plainClient.client], ['counsellor', plainCounsellor.client], ['admin', plainAdmin], ['operator', operator]] as const) {
        const res = await who.request(r.method, path, body);
        if (res.status !== 404) wrong.push(`${label} ${r.method} ${r.path}: ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
    for (const entity of [SchedulingProfile, SchedulingWindow, SchedulingBlock, SchedulingBooking, SchedulingClient]) {
      expect(await t.dataSource.getRepository(entity).countBy({ centreId: plain.id }), entity.name).toBe(0);
    }
  });

  it('keeps windows, blocks and bookings to their people: another counsellor or client gets 404, the admin 403, other centres 401', async () => {
    const uwe = await counsellor(t, centre, 'Uwe Ulrich');
    const vera = await counsellor(t, centre, 'Vera Vogt');
    const day = localDay(6);
    const window = await publishWindow(centre, uwe, weeklyOn(day));
    const blockRes = await uwe.client.post<{ id: string }>(s('/blocks'), { fromDate: localDay(20), untilDate: localDay(22) });
    expect(blockRes.status).toBe(201);
    const [wim, xena] = (await clients(t, centre, 2)) as [Client, Client];
    const [first, second] = await freeSlots(centre, wim.client, { from: day, days: 1, counsellorId: uwe.id });
    const booking = await book(centre, wim.client, first!, 'phone', 'Nur für Uwe');
    const elsewhere = await createCentre(t, { modules: ['mail', 'scheduling'] });
    const foreignCounsellor = await counsellor(t, elsewhere, 'Frieda Fremd');
    const foreignClient = await client(t, elsewhere);
    const foreignAdmin = await login(t, elsewhere.slug, elsewhere.admin.email, elsewhere.admin.password);

    const routes: [string, string, unknown, 'counsellor' | 'client' | 'both', string][] = [
      ['DELETE', `/windows/${window.id}`, undefined, 'counsellor', 'SCHEDULING_WINDOW_NOT_FOUND'],
      ['DELETE', `/blocks/${blockRes.body.id}`, undefined, 'counsellor', 'SCHEDULING_BLOCK_NOT_FOUND'],
      ['GET', `/bookings/${booking.id}`, undefined, 'both', 'SCHEDULING_BOOKING_NOT_FOUND'],
      ['PATCH', `/bookings/${booking.id}`, { start: second!.start }, 'client', 'SCHEDULING_BOOKING_NOT_FOUND'],
      ['DELETE', `/bookings/${booking.id}`, undefined, 'both', 'SCHEDULING_BOOKING_NOT_FOUND'],
    ];
    const fingerprint = await databaseFingerprint(t, { session: ['lastSeenAt', 'expiresAt'] });
    const before = await fingerprint.settle();
    const results: string[] = [];
    const expectStatus = async (label: string, who: ApiClient, method: string, path: string, body: unknown, status: number, code?: string) => {
      const res = await who.request<Problem>(method, path, body);
      if (res.status !== status) results.push(`${label} ${method} ${path}: ${res.status} (expected ${status})`);
      else if (status === 404 && code && res.body.code !== code) results.push(`${label} ${method} ${path}: ${res.body.code}`);
    };
    for (const [method, path, body, roles, code] of routes) {
      const forCounsellor = roles !== 'client' ? 404 : 403;
      const forClient = roles !== 'counsellor' ? 404 : 403;
      await expectStatus('vera', vera.client, method, s(path), body, forCounsellor, code);
      await expectStatus('xena', xena.client, method, s(path), body, forClient, code);
      await expectStatus('admin', admin, method, s(path), body, 403);
      for (const [label, who] of [['foreign counsellor', foreignCounsellor.client], ['foreign client', foreignClient.client], ['foreign admin', foreignAdmin]] as const) {
        await expectStatus(label, who, method, s(path), body, 401);
      }
      await expectStatus('foreign counsellor at home', foreignCounsellor.client, method, schedulingPath(elsewhere, path), body, forCounsellor, code);
      await expectStatus('foreign client at home', foreignClient.client, method, schedulingPath(elsewhere, path), body, forClient, code);
      await expectStatus('anonymous', t.client(), method, s(path), body, 401);
    }
    // The admin has no place on the counsellors' and clients' routes.
    for (const [method, path, body] of [
      ['GET', '/windows'],
      ['POST', '/windows', weeklyOn(localDay(2))],
      ['GET', '/blocks'],
      ['GET', '/calendar'],
      ['GET', '/profile'],
      ['PATCH', '/profile', { teamVisible: true }],
      ['GET', '/crisis'],
      ['PUT', '/crisis', { active: true }],
      ['GET', '/slots'],
      ['GET', '/bookings'],
      ['POST', '/bookings', { counsellorId: uwe.id, start: second!.start, contactType: 'phone' }],
    ] as [string, string, unknown?][]) {
      await expectStatus('admin', admin, method, s(path), body, 403);
    }
    // Another counsellor cannot hide or end the duty of anyone; the admin only of this centre's counsellors.
    await expectStatus('vera', vera.client, 'PUT', s(`/admin/team/${uwe.id}`), { hidden: true }, 403);
    await expectStatus('vera', vera.client, 'DELETE', s(`/admin/crisis/${uwe.id}`), undefined, 403);
    await expectStatus('foreign admin at home', foreignAdmin, 'PUT', schedulingPath(elsewhere, `/admin/team/${uwe.id}`), { hidden: true }, 404, 'SCHEDULING_COUNSELLOR_NOT_FOUND');
    await expectStatus('foreign admin at home', foreignAdmin, 'DELETE', schedulingPath(elsewhere, `/admin/crisis/${uwe.id}`), undefined, 404, 'SCHEDULING_COUNSELLOR_NOT_FOUND');
    await expectStatus('admin', admin, 'PUT', s(`/admin/team/${foreignCounsellor.id}`), { hidden: true }, 404, 'SCHEDULING_COUNSELLOR_NOT_FOUND');
    expect(results).toEqual([]);
    expect(changedTables(before, await fingerprint.take())).toEqual([]);

    // Everything as it was; and their own lists show none of it.
    expect((await uwe.client.get<WindowView[]>(s('/windows'))).body.map((w) => w.id)).toEqual([window.id]);
    expect((await bookingRow(booking.id))).toMatchObject({ status: 'booked', startsAt: new Date(first!.start), sequence: 0 });
    expect((await vera.client.get<WindowView[]>(s('/windows'))).body).toEqual([]);
    expect((await vera.client.get<BookingView[]>(s('/bookings'))).body).toEqual([]);
    expect((await xena.client.get<BookingView[]>(s('/bookings'))).body).toEqual([]);
    expect((await foreignCounsellor.client.get<BookingView[]>(schedulingPath(elsewhere, '/bookings'))).body).toEqual([]);
    // A counsellor's slots list is their own.
    expect(new Set((await freeSlots(centre, vera.client, { from: day, days: 7 })).map((x) => x.counsellor.id))).toEqual(new Set());
    // Nobody of another centre sees this centre's counsellors.
    expect((await freeSlots(elsewhere, foreignClient.client, { from: day, days: 7 })).filter((x) => x.counsellor.id === uwe.id)).toEqual([]);
    const foreignBooking = await bookSlot(elsewhere, foreignClient.client, second!, 'phone');
    expect([foreignBooking.status, foreignBooking.body.code]).toEqual([409, 'SCHEDULING_SLOT_UNAVAILABLE']);
  });

  it('a video appointment gets the counsellor’s video room, with the client invited', async () => {
    const vc = await createCentre(t, { modules: ['mail', 'video', 'scheduling'] });
    const yara = await counsellor(t, vc, 'Yara Yilmaz');
    const zoe = await client(t, vc);
    const day = localDay(3);
    await publishWindow(vc, yara, weeklyOn(day, { contactTypes: ['video', 'phone'] }));
    const [nine, ten, eleven] = await freeSlots(vc, zoe.client, { from: day, days: 1, counsellorId: yara.id });
    expect(nine!.contactTypes).toEqual(['video', 'phone']);
    const since = t.mail.messages.length;
    const booking = await book(vc, zoe.client, nine!, 'video');
    const match = new RegExp(`^http://beradig\\.test/${vc.slug}/video/raum/([0-9a-f-]{36})$`).exec(booking.meetingUrl ?? '');
    expect(match, booking.meetingUrl ?? 'no meeting url').not.toBeNull();
    const roomId = match![1]!;
    const room = await t.dataSource.getRepository(VideoRoom).findOneByOrFail({ id: roomId });
    expect([room.centreId, room.counsellorId]).toEqual([vc.id, yara.id]);
    const hers = (await zoe.client.get<VideoRoomView[]>(videoPath(vc, '/rooms'))).body;
    expect(hers.map((r) => [r.id, r.counsellor.id])).toEqual([[roomId, yara.id]]);
    expect((await yara.client.get<VideoRoomView>(videoPath(vc, `/rooms/${roomId}`))).body.invitees.map((i) => i.id)).toEqual([zoe.id]);
    // The calendar entry leads there.
    const cal = await calendarOf(await mailAfter(t, zoe.email, since, 'Beratungstermin gebucht'));
    expect(cal.event.location).toContain(booking.meetingUrl!);
    expect(cal.event.description).toContain(booking.meetingUrl!);
    // Another video appointment meets in the same room; one by phone has none.
    const next = await book(vc, zoe.client, ten!, 'video');
    expect(next.meetingUrl).toBe(booking.meetingUrl);
    const byPhone = await book(vc, zoe.client, eleven!, 'phone');
    expect(byPhone.meetingUrl).toBeNull();
    expect(await t.dataSource.getRepository(VideoRoom).countBy({ counsellorId: yara.id })).toBe(1);
    expect((await zoe.client.get<BookingView>(schedulingPath(vc, `/bookings/${booking.id}`))).body.meetingUrl).toBe(booking.meetingUrl);
    // Moved and changed to phone: no room any more; cancelled: none shown.
    expect((await zoe.client.delete(schedulingPath(vc, `/bookings/${byPhone.id}`))).status).toBe(204);
    const moved = await zoe.client.patch<BookingView>(schedulingPath(vc, `/bookings/${next.id}`), { start: eleven!.start, contactType: 'phone' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ start: eleven!.start, contactType: 'phone', meetingUrl: null });
    expect((await zoe.client.delete(schedulingPath(vc, `/bookings/${booking.id}`))).status).toBe(204);
    expect((await zoe.client.get<BookingView>(schedulingPath(vc, `/bookings/${booking.id}`))).body).toMatchObject({ status: 'cancelled', meetingUrl: null });
  });

  it('personal data: the client’s export has their appointments with the note (sealed at rest); deleting the client or the counsellor erases theirs', async () => {
    const quinn = await counsellor(t, centre, 'Quinn Quast');
    const bio = 'Quinn berät seit zwanzig Jahren in Musterstadt.';
    await setProfile(centre, quinn, { teamVisible: true, bio, minNoticeHours: 6 });
    expect((await putPhoto(quinn.client, await photoWithExif(), 'image/jpeg', 'q.jpg')).status).toBe(200);
    const day = localDay(5);
    const window = await publishWindow(centre, quinn, weeklyOn(day));
    expect((await quinn.client.post(s('/blocks'), { fromDate: localDay(40), untilDate: localDay(41) })).status).toBe(201);
    const [rob, sam] = (await clients(t, centre, 2)) as [Client, Client];
    const [nine, ten] = await freeSlots(centre, rob.client, { from: day, days: 1, counsellorId: quinn.id });
    const note = 'Vertraulich: Schulden bei der Sparkasse, 14.000 Euro';
    const robs = await book(centre, rob.client, nine!, 'phone', note);
    const sams = await book(centre, sam.client, ten!, 'mail', 'Sams eigene Notiz');
    expect(await databaseContains(t, 'Schulden bei der Sparkasse')).toBe(false);
    expect(await databaseContains(t, 'Sams eigene Notiz')).toBe(false);
    expect(await databaseContains(t, 'zwanzig Jahren')).toBe(false);

    type SchedulingExport = {
      scheduling: {
        appointments: { date: string; time: string; start: string; contactType: string; status: string; note?: string | null }[];
        appointmentsHeld?: { date: string; start: string; note?: unknown }[];
        windows?: WindowView[];
        blocks?: { fromDate: string; untilDate: string }[];
        profile?: { minNoticeHours: number; horizonDays: number; teamVisible: boolean; bio: string | null; photo: { mimeType: string; base64: string } | null } | null;
      };
    };
    const mine = await rob.client.get<SchedulingExport>(`/api/v1/centres/${centre.slug}/account/export`);
    expect(mine.status).toBe(200);
    expect(mine.body.scheduling).toEqual({ appointments: [{ date: day, time: '09:00–09:50', start: nine!.start, contactType: 'phone', status: 'booked', note }] });
    expect(JSON.stringify(mine.body.scheduling)).not.toContain('Sams eigene Notiz');
    const hers = await quinn.client.get<SchedulingExport>(`/api/v1/centres/${centre.slug}/account/export`);
    expect(hers.body.scheduling.appointments).toEqual([]);
    expect(hers.body.scheduling.appointmentsHeld!.map((a) => a.start)).toEqual([nine!.start, ten!.start]);
    expect(hers.body.scheduling.appointmentsHeld!.every((a) => !('note' in a))).toBe(true);
    expect(hers.body.scheduling.windows).toEqual([window]);
    expect(hers.body.scheduling.blocks).toEqual([{ fromDate: localDay(40), untilDate: localDay(41) }]);
    expect(hers.body.scheduling.profile).toMatchObject({ minNoticeHours: 6, horizonDays: 60, teamVisible: true, bio, photo: { mimeType: 'image/jpeg' } });
    const exportedPhoto = Buffer.from(hers.body.scheduling.profile!.photo!.base64, 'base64');
    expect((await sharp(exportedPhoto).metadata()).exif).toBeUndefined();

    // The client goes: their bookings with them; the counsellor's slot is free again.
    expect((await rob.client.delete(`/api/v1/centres/${centre.slug}/account`, { password: rob.password })).status).toBe(204);
    expect(await t.dataSource.getRepository(SchedulingBooking).countBy({ clientId: rob.id })).toBe(0);
    expect(await t.dataSource.getRepository(SchedulingClient).countBy({ clientId: rob.id })).toBe(0);
    expect((await quinn.client.get<BookingView[]>(s('/bookings'))).body.map((b) => b.id)).toEqual([sams.id]);
    expect((await freeSlots(centre, quinn.client, { from: day, days: 1 })).map((x) => x.time)).toEqual(['09:00', '11:00']);

    // The counsellor goes: windows, blocks, profile, photo and the appointments they held.
    expect((await quinn.client.delete(`/api/v1/centres/${centre.slug}/account`, { password: quinn.password })).status).toBe(204);
    for (const entity of [SchedulingWindow, SchedulingBlock, SchedulingPhoto, SchedulingProfile, SchedulingBooking]) {
      expect(await t.dataSource.getRepository(entity).countBy({ counsellorId: quinn.id }), entity.name).toBe(0);
    }
    expect(await t.dataSource.getRepository(SchedulingBooking).countBy({ id: In([robs.id, sams.id]) })).toBe(0);
    expect((await sam.client.get<BookingView[]>(s('/bookings'))).body).toEqual([]);
    expect((await t.client().get<TeamMemberView[]>(s('/team'))).body.some((m) => m.id === quinn.id)).toBe(false);
  });

  it('audits publishing, booking, moving and cancelling by id only', async () => {
    const tom = await counsellor(t, centre, 'Tom Tietz');
    const ute = await client(t, centre);
    const day = localDay(4);
    const window = await publishWindow(centre, tom, weeklyOn(day));
    const [nine, ten] = await freeSlots(centre, ute.client, { from: day, days: 1, counsellorId: tom.id });
    const note = 'Geheime Notiz für das Protokoll';
    const booking = await book(centre, ute.client, nine!, 'phone', note);
    expect((await ute.client.patch(s(`/bookings/${booking.id}`), { start: ten!.start })).status).toBe(200);
    expect((await ute.client.delete(s(`/bookings/${booking.id}`))).status).toBe(204);
    const second = await book(centre, ute.client, nine!, 'phone');
    expect((await tom.client.delete(s(`/bookings/${second.id}`))).status).toBe(204);

    const events = await t.dataSource.getRepository(AuditEvent).findBy({ targetId: In([window.id, booking.id, second.id]) });
    const seen = events.map((e) => ({ action: e.action, targetType: e.targetType, targetId: e.targetId, actorId: e.actorId, centreId: e.centreId, outcome: e.outcome }));
    const ok = { centreId: centre.id, outcome: 'success' };
    expect(seen).toEqual(
      expect.arrayContaining([
        { action: 'scheduling.window-published', targetType: 'scheduling_window', targetId: window.id, actorId: tom.id, ...ok },
        { action: 'scheduling.booked', targetType: 'scheduling_booking', targetId: booking.id, actorId: ute.id, ...ok },
        { action: 'scheduling.moved', targetType: 'scheduling_booking', targetId: booking.id, actorId: ute.id, ...ok },
        { action: 'scheduling.cancelled', targetType: 'scheduling_booking', targetId: booking.id, actorId: ute.id, ...ok },
        { action: 'scheduling.booked', targetType: 'scheduling_booking', targetId: second.id, actorId: ute.id, ...ok },
        { action: 'scheduling.cancelled', targetType: 'scheduling_booking', targetId: second.id, actorId: tom.id, ...ok },
      ]),
    );
    expect(events).toHaveLength(6);
    const dump = JSON.stringify(events);
    for (const secret of [note, 'Tom Tietz', ute.username, ute.email]) expect(dump).not.toContain(secret);
  });
});

/**
 * The reminder job runs on every instance: two of them on one database, sending at the same
 * moment, must not remind anyone twice. A pair of its own, because an instance that shares the
 * database must be closed before the one it joined.
 */
describe('appointment reminders on two instances sharing one database', () => {
  let t: TestApp;
  let second: TestApp;
  let centre: CentreFixture;
  const bookingRow = (id: string) => t.dataSource.getRepository(SchedulingBooking).findOneByOrFail({ id });

  beforeAll(async () => {
    t = await startTestApp();
    second = await startTestApp({ env: { DB_URL: t.db.url, MASTER_KEY: t.config.masterKey.kind === 'env' ? t.config.masterKey.current : '' }, shareDatabase: true });
    centre = await createCentre(t, { modules: ['mail', 'scheduling'] });
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('reminds once per appointment the day before, even with two instances sending at the same moment', async () => {
    const rita = await counsellor(t, centre, 'Rita Roth');
    await setProfile(centre, rita, { minNoticeHours: 0 });
    const day = localDay(3);
    await publishWindow(centre, rita, { kind: 'single', date: day, from: '13:00', to: '18:00', slotMinutes: 60, contactTypes: ['phone'] });
    // A slot two to four hours from now, for a booking made less than a day ahead
    // (not in the night hours the clocks change in, whatever night it is).
    let soon = DateTime.now().setZone('Europe/Berlin').plus({ hours: 3 }).startOf('hour');
    while (soon.hour >= 1 && soon.hour <= 3) soon = soon.plus({ hours: 1 });
    await publishWindow(centre, rita, { kind: 'single', date: soon.toISODate()!, from: soon.toFormat('HH:00'), to: soon.toFormat('HH:30'), slotMinutes: 30, contactTypes: ['phone'] });
    const people = await clients(t, centre, 6);
    const [rosa, ...others] = people as [Client, ...Client[]];
    const later = await freeSlots(centre, others[0]!.client, { from: day, days: 1, counsellorId: rita.id });
    expect(later.map((x) => x.time)).toEqual(['13:00', '14:00', '15:00', '16:00', '17:00']);
    const bookings = await Promise.all(others.map((c, i) => book(centre, c.client, later[i]!, 'phone')));
    const shortNotice = await book(centre, rosa.client, { start: soon.toUTC().toISO()!, counsellor: { id: rita.id } }, 'phone');
    for (const b of bookings) expect((await bookingRow(b.id)).remindedAt).toBeNull();
    // Booked less than a day ahead: the confirmation was the reminder.
    expect((await bookingRow(shortNotice.id)).remindedAt).not.toBeNull();

    const subject = 'Erinnerung an Ihren Beratungstermin';
    const reminders = (who: string) => [...mailsSince(t, who, 0, subject), ...mailsSince(second, who, 0, subject)];
    // 23 hours before the last of them: all five start within the next day.
    const at = new Date(Date.parse(bookings.at(-1)!.start) - 23 * HOUR);
    const [a, b] = await Promise.all([t.app.get(BookingService).sendReminders(at), second.app.get(BookingService).sendReminders(at)]);
    expect(a + b).toBe(5);
    await eventually('reminders', () => reminders(rita.login).length, (n) => n >= 5);
    for (const b of bookings) expect((await bookingRow(b.id)).remindedAt).not.toBeNull();
    // Again, on both: nothing more.
    const [c, d] = await Promise.all([t.app.get(BookingService).sendReminders(at), second.app.get(BookingService).sendReminders(at)]);
    expect([c, d]).toEqual([0, 0]);
    expect(await t.app.get(BookingService).sendReminders(new Date())).toBe(0);
    await sleep(300);
    for (const p of others) expect(reminders(p.email), p.email).toHaveLength(1);
    expect(reminders(rita.login)).toHaveLength(5);
    expect(reminders(rosa.email)).toHaveLength(0);
    const [first] = reminders(others[0]!.email);
    expect(first!.text).toContain(`${day.split('-').reverse().join('.')}, 13:00–14:00 Uhr (Telefon)`);
    expect(first!.text).not.toContain('Rita Roth');
  });
});
