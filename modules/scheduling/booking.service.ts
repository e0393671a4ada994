import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';

import {
  ActivityNotifier,
  actorOf,
  AppConfig,
  AuditService,
  CasesService,
  CentreService,
  conflict,
  CryptoService,
  DisplayNames,
  DomainError,
  errorFields,
  intSetting,
  invalid,
  isUniqueViolation,
  isUuid,
  MeetingRooms,
  newId,
  notFound,
  placeholders,
  type Principal,
  RealtimeService,
  type ResolvedCentre,
  sqlDate,
  writeLock,
} from '#kernel';

import { type BookingView, type CalendarDay, MAX_SLOT_DAYS, SCHEDULING_EVENTS, type SlotView } from './contracts.js';
import type { BookingDto, BookingsQuery, CalendarQuery, MoveDto, SlotsQuery } from './dto.js';
import { buildIcs } from './ics.js';
import { AvailabilityService, today } from './availability.service.js';
import type { Slot } from './slots.js';
import { noteAad, SchedulingBooking, SchedulingClient, SchedulingProfile, slotKey } from './scheduling.entities.js';
import { SCHEDULING_TEMPLATES } from './templates.js';
import { addDays, localDate, localTime, weekdayOf } from './time.js';

const HOUR = 3_600_000;
const LOCATIONS: Record<'de' | 'en', Record<string, string>> = {
  de: { video: 'Video in BeraDIG', chat: 'Chat in BeraDIG', mail: 'Schriftlich in BeraDIG', phone: 'Telefon', 'in-person': 'In der Beratungsstelle' },
  en: { video: 'Video in BeraDIG', chat: 'Chat in BeraDIG', mail: 'In writing in BeraDIG', phone: 'Phone', 'in-person': 'At the counselling centre' },
};

/**
 * Appointments: the free slots a client may book (the whole centre's before they are assigned,
 * their own counsellor's after), booking, moving and cancelling with an invitation for the
 * calendar, reminders the day before, and both sides' lists. A slot is booked once: a unique
 * key in the database decides between parallel requests, on every instance.
 */
@Injectable()
export class BookingService {
  private readonly logger = new Logger(BookingService.name);
  private readonly openLimit: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly availability: AvailabilityService,
    private readonly cases: CasesService,
    private readonly centres: CentreService,
    private readonly names: DisplayNames,
    private readonly crypto: CryptoService,
    private readonly notifier: ActivityNotifier,
    private readonly realtime: RealtimeService,
    private readonly audit: AuditService,
    private readonly meetings: MeetingRooms,
    private readonly config: AppConfig,
  ) {
    this.openLimit = intSetting(config, 'SCHEDULING_OPEN_BOOKINGS', 3, { min: 1, max: 50 });
  }

  /**
   * Whose slots this person may see: a counsellor their own; a client their counsellor's once
   * assigned, before that every counsellor's the administration has not hidden.
   */
  async bookableCounsellors(centre: ResolvedCentre, principal: Principal): Promise<string[]> {
    if (principal.role === 'counsellor') return [principal.id];
    const own = await this.cases.caseOfClient(centre.id, principal.id);
    if (own?.counsellorId) return [own.counsellorId];
    const active = (await this.cases.counsellors(centre)).map((c) => c.id);
    const hidden = new Set(
      (await this.dataSource.getRepository(SchedulingProfile).find({ where: { centreId: centre.id, hiddenByAdmin: true }, select: { counsellorId: true } })).map((p) => p.counsellorId),
    );
    return active.filter((id) => !hidden.has(id));
  }

  async slots(centre: ResolvedCentre, principal: Principal, query: SlotsQuery, now = new Date()): Promise<SlotView[]> {
    let ids = await this.bookableCounsellors(centre, principal);
    if (query.counsellorId) ids = ids.filter((id) => id === query.counsellorId);
    const from = query.from && query.from > today(now) ? query.from : today(now);
    const free = await this.availability.freeSlots(centre, ids, from, Math.min(query.days ?? 14, MAX_SLOT_DAYS), now);
    const names = await this.names.of(centre.id, ids);
    return [...free.entries()]
      .flatMap(([id, slots]) => slots.map((s) => slotView(s, { id, name: names.get(id) ?? '' })))
      .sort((a, b) => a.start.localeCompare(b.start) || a.counsellor.name.localeCompare(b.counsellor.name, 'de'));
  }

  /** Books a free slot. An unassigned client is assigned to its counsellor, and the administration is told. */
  async book(centre: ResolvedCentre, client: Principal, dto: BookingDto, now = new Date()): Promise<BookingView> {
    const start = new Date(dto.start);
    if (!(await this.bookableCounsellors(centre, client)).includes(dto.counsellorId)) throw conflict('SCHEDULING_SLOT_UNAVAILABLE');
    const slot = await this.slotOrWhy(centre, dto.counsellorId, start, now);
    if (!slot.contactTypes.includes(dto.contactType)) throw invalid([{ field: 'contactType', code: 'field.contactType' }]);
    const cipher = await this.crypto.forCentre(centre.id);
    const id = newId();
    const note = dto.note?.trim() || null;
    const row: SchedulingBooking = Object.assign(new SchedulingBooking(), {
      id,
      centreId: centre.id,
      counsellorId: dto.counsellorId,
      clientId: client.id,
      startsAt: slot.start,
      endsAt: slot.end,
      contactType: dto.contactType,
      sealedNote: note ? cipher.seal(noteAad(id), note) : null,
      status: 'booked' as const,
      cancelledBy: null,
      slotKey: slotKey(dto.counsellorId, slot.start),
      sequence: 0,
      meetingUrl: null,
      // Booked less than a day ahead: the confirmation is the reminder.
      remindedAt: slot.start.getTime() - now.getTime() < 24 * HOUR ? now : null,
      createdAt: now,
      updatedAt: now,
    });
    const unassigned = !(await this.cases.caseOfClient(centre.id, client.id))?.counsellorId;
    await this.inTurnOfClient(centre, client, async (manager) => {
      await this.insertWithinLimits(manager, row, now, unassigned);
      await this.audit.record(actorOf(client), { action: 'scheduling.booked', target: { type: 'scheduling_booking', id } }, manager);
    });
    const assignment = await this.assignIfNew(centre, client, dto.counsellorId);
    row.meetingUrl = await this.meetingFor(centre, row);
    if (row.meetingUrl) await this.dataSource.getRepository(SchedulingBooking).update({ id }, { meetingUrl: row.meetingUrl });
    await this.announce(centre, row, 'appointment-booked', 'REQUEST');
    if (assignment) await this.notifier.sendNow(centre, await this.notifier.admins(centre.id), SCHEDULING_TEMPLATES['booking-assigned']);
    return this.view(centre, client, row);
  }

  /** The client moves their booking to another free slot of the same counsellor (same calendar entry, new time). */
  async move(centre: ResolvedCentre, client: Principal, bookingId: string, dto: MoveDto, now = new Date()): Promise<BookingView> {
    const booking = await this.open(centre, client, bookingId, now);
    if (booking.clientId !== client.id) throw notFound('SCHEDULING_BOOKING_NOT_FOUND');
    const slot = await this.slotOrWhy(centre, booking.counsellorId, new Date(dto.start), now);
    const contactType = dto.contactType ?? booking.contactType;
    if (!slot.contactTypes.includes(contactType)) throw invalid([{ field: 'contactType', code: 'field.contactType' }]);
    const changes: Partial<SchedulingBooking> = {
      startsAt: slot.start,
      endsAt: slot.end,
      slotKey: slotKey(booking.counsellorId, slot.start),
      contactType,
      sequence: booking.sequence + 1,
      remindedAt: slot.start.getTime() - now.getTime() < 24 * HOUR ? now : null,
      updatedAt: now,
    };
    await this.dataSource.transaction(async (manager) => {
      try {
        const { affected } = await manager.update(SchedulingBooking, { id: booking.id, status: 'booked', sequence: booking.sequence }, changes);
        if (!affected) throw conflict('SCHEDULING_BOOKING_OVER');
      } catch (error) {
        throw taken(error);
      }
      await this.audit.record(actorOf(client), { action: 'scheduling.moved', target: { type: 'scheduling_booking', id: booking.id } }, manager);
    });
    // Compared before `booking` takes the changes: a video appointment moved to phone must lose its room.
    const typeChanged = contactType !== booking.contactType;
    const moved = Object.assign(booking, changes);
    if (typeChanged || !moved.meetingUrl) {
      moved.meetingUrl = await this.meetingFor(centre, moved);
      await this.dataSource.getRepository(SchedulingBooking).update({ id: moved.id }, { meetingUrl: moved.meetingUrl });
    }
    await this.announce(centre, moved, 'appointment-moved', 'REQUEST');
    return this.view(centre, client, moved);
  }

  /** Either side cancels; the slot is free again and both calendars are told. */
  async cancel(centre: ResolvedCentre, principal: Principal, bookingId: string, now = new Date()): Promise<void> {
    const booking = await this.open(centre, principal, bookingId, now);
    const by = principal.role === 'counsellor' ? ('counsellor' as const) : ('client' as const);
    await this.dataSource.transaction(async (manager) => {
      const { affected } = await manager.update(
        SchedulingBooking,
        { id: booking.id, status: 'booked', sequence: booking.sequence },
        { status: 'cancelled', cancelledBy: by, slotKey: null, sequence: booking.sequence + 1, updatedAt: now },
      );
      if (!affected) throw conflict('SCHEDULING_BOOKING_OVER');
      await this.audit.record(actorOf(principal), { action: 'scheduling.cancelled', target: { type: 'scheduling_booking', id: booking.id } }, manager);
    });
    await this.announce(centre, Object.assign(booking, { status: 'cancelled', cancelledBy: by, sequence: booking.sequence + 1 }), 'appointment-cancelled', 'CANCEL');
  }

  async list(centre: ResolvedCentre, principal: Principal, query: BookingsQuery, now = new Date()): Promise<BookingView[]> {
    const mine = principal.role === 'counsellor' ? { counsellorId: principal.id } : { clientId: principal.id };
    const repo = this.dataSource.getRepository(SchedulingBooking);
    const rows =
      query.scope === 'past'
        ? [
            ...(await repo.find({ where: { centreId: centre.id, ...mine, endsAt: LessThanOrEqual(now) }, order: { startsAt: 'DESC' }, take: 50 })),
            ...(await repo.find({ where: { centreId: centre.id, ...mine, status: 'cancelled', endsAt: MoreThan(now) }, order: { startsAt: 'ASC' }, take: 50 })),
          ]
        : await repo.find({ where: { centreId: centre.id, ...mine, status: 'booked', endsAt: MoreThan(now) }, order: { startsAt: 'ASC' }, take: 200 });
    return this.views(centre, principal, rows);
  }

  async booking(centre: ResolvedCentre, principal: Principal, bookingId: string): Promise<BookingView> {
    return this.view(centre, principal, await this.find(centre, principal, bookingId));
  }

  /** The counsellor's days: every slot of their windows, with who booked it, and blocked days. */
  async calendar(centre: ResolvedCentre, counsellor: Principal, query: CalendarQuery, now = new Date()): Promise<CalendarDay[]> {
    const first = query.from ?? mondayOf(today(now));
    const days = query.days ?? 7;
    const { slots, blocks } = await this.availability.allSlots(centre, counsellor.id, first, days);
    const bookings = await this.dataSource.getRepository(SchedulingBooking).find({ where: { centreId: centre.id, counsellorId: counsellor.id, status: 'booked' } });
    const inRange = bookings.filter((b) => localDate(b.startsAt) >= first && localDate(b.startsAt) < addDays(first, days));
    const names = await this.names.of(centre.id, inRange.map((b) => b.clientId));
    const out: CalendarDay[] = [];
    for (let i = 0; i < days; i++) {
      const date = addDays(first, i);
      const blocked = blocks.some((b) => b.fromDate <= date && date <= b.untilDate);
      const daySlots = slots.filter((s) => localDate(s.start) === date);
      const dayBookings = inRange.filter((b) => localDate(b.startsAt) === date);
      const booked = (s: Slot) => dayBookings.find((b) => b.startsAt.getTime() === s.start.getTime());
      out.push({
        date,
        weekday: weekdayOf(date),
        blocked,
        slots: daySlots.map((s) => {
          const b = booked(s);
          return { start: s.start.toISOString(), time: localTime(s.start), endTime: localTime(s.end), contactTypes: s.contactTypes, booking: b ? { id: b.id, clientName: names.get(b.clientId) ?? '', contactType: b.contactType } : null };
        }),
        otherBookings: dayBookings
          .filter((b) => !daySlots.some((s) => s.start.getTime() === b.startsAt.getTime()))
          .map((b) => ({ id: b.id, time: localTime(b.startsAt), endTime: localTime(b.endsAt), clientName: names.get(b.clientId) ?? '', contactType: b.contactType })),
      });
    }
    return out;
  }

  /**
   * Tomorrow's appointments get one reminder each. Each booking is claimed by a conditional
   * update first, so with several instances only one sends it.
   */
  @Cron(CronExpression.EVERY_10_MINUTES)
  async sendReminders(now = new Date()): Promise<number> {
    let sent = 0;
    try {
      const repo = this.dataSource.getRepository(SchedulingBooking);
      const due = await repo.find({ where: { status: 'booked', remindedAt: IsNull(), startsAt: LessThanOrEqual(new Date(now.getTime() + 24 * HOUR)) } });
      for (const booking of due) {
        if (booking.startsAt <= now) continue;
        const { affected } = await repo.update({ id: booking.id, remindedAt: IsNull(), status: 'booked' }, { remindedAt: now });
        if (!affected) continue;
        const centre = await this.centres.resolveId(booking.centreId);
        if (!centre || centre.suspended) continue;
        await this.notifier.sendNow(centre, [booking.clientId, booking.counsellorId], SCHEDULING_TEMPLATES['appointment-reminder'], () => ({ values: values(booking) }));
        sent++;
      }
    } catch (error) {
      this.logger.warn({ err: errorFields(error) }, 'appointment reminders failed');
    }
    return sent;
  }

  /** The slot, or why not: taken (someone was quicker) or not a slot (any more). */
  private async slotOrWhy(centre: ResolvedCentre, counsellorId: string, start: Date, now: Date): Promise<Slot> {
    if (!Number.isFinite(start.getTime())) throw invalid([{ field: 'start', code: 'field.invalid' }]);
    const slot = await this.availability.freeSlotAt(centre, counsellorId, start, now);
    if (slot) return slot;
    const takenNow = await this.dataSource.getRepository(SchedulingBooking).existsBy({ slotKey: slotKey(counsellorId, start) });
    throw conflict(takenNow ? 'SCHEDULING_SLOT_TAKEN' : 'SCHEDULING_SLOT_UNAVAILABLE');
  }

  /**
   * The client's bookings one after another: their row is locked while they book (MariaDB/MySQL),
   * so what the conditional insert below counts is what is there.
   */
  private async inTurnOfClient(centre: ResolvedCentre, client: Principal, work: (manager: EntityManager) => Promise<void>): Promise<void> {
    // READ COMMITTED on MariaDB/MySQL: the conditional insert then reads the open bookings without
    // shared gap locks, which made different clients' bookings deadlock; the client's own lock
    // row keeps their count exact.
    const mysql = writeLock(this.dataSource.manager) !== undefined;
    const body = async (manager: EntityManager) => {
      await manager.upsert(SchedulingClient, { clientId: client.id, centreId: centre.id }, ['clientId']);
      const mode = writeLock(manager);
      if (mode) await manager.findOne(SchedulingClient, { where: { clientId: client.id }, lock: { mode } });
      await work(manager);
    };
    await (mysql ? this.dataSource.transaction('READ COMMITTED', body) : this.dataSource.transaction(body));
  }

  /**
   * Stores the booking only while the client has fewer than the limit of open bookings — and,
   * for a client nobody counsels yet, none with another counsellor (they are about to become this
   * one's) — checked in the statement that writes, so parallel requests cannot all slip under it
   * (SQLite's transactions on one connection interleave). The slot's unique key refuses a slot
   * someone else has.
   */
  private async insertWithinLimits(manager: EntityManager, row: SchedulingBooking, now: Date, unassigned: boolean): Promise<void> {
    const columns = ['id', 'centreId', 'counsellorId', 'clientId', 'startsAt', 'endsAt', 'contactType', 'sealedNote', 'status', 'cancelledBy', 'slotKey', 'sequence', 'meetingUrl', 'remindedAt', 'createdAt', 'updatedAt'] as const;
    const date = (d: Date | null) => (d ? sqlDate(d) : null);
    const values = [row.id, row.centreId, row.counsellorId, row.clientId, date(row.startsAt), date(row.endsAt), row.contactType, row.sealedNote, row.status, row.cancelledBy, row.slotKey, row.sequence, row.meetingUrl, date(row.remindedAt), date(row.createdAt), date(row.updatedAt)];
    // The open bookings are read in a derived table: MySQL refuses the target table in a subquery of the WHERE.
    const sql = `INSERT INTO scheduling_booking (${columns.join(', ')})
      SELECT ${placeholders(columns.length)} FROM (
        SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN b.counsellorId <> ? THEN 1 ELSE 0 END), 0) AS others
        FROM scheduling_booking b WHERE b.centreId = ? AND b.clientId = ? AND b.status = ? AND b.endsAt > ?
      ) AS open WHERE open.n < ? AND (? = 0 OR open.others = 0)`;
    const params = [...values, row.counsellorId, row.centreId, row.clientId, 'booked', sqlDate(now), this.openLimit, unassigned ? 1 : 0];
    let stored: number;
    try {
      stored = Number(((await manager.queryRunner!.query(sql, params, true)) as { affected?: number }).affected ?? 0);
    } catch (error) {
      throw taken(error);
    }
    if (stored) return;
    const open = await manager.find(SchedulingBooking, { where: { centreId: row.centreId, clientId: row.clientId, status: 'booked', endsAt: MoreThan(now) }, select: { counsellorId: true } });
    if (open.length >= this.openLimit) throw new DomainError('SCHEDULING_TOO_MANY_BOOKINGS', 409, { max: this.openLimit });
    throw conflict('SCHEDULING_OTHER_COUNSELLOR');
  }

  /** A client not yet with a counsellor goes to the one they booked, as if the admin had assigned them. */
  private async assignIfNew(centre: ResolvedCentre, client: Principal, counsellorId: string): Promise<boolean> {
    const own = await this.cases.caseOfClient(centre.id, client.id);
    if (own?.counsellorId) return false;
    try {
      return (await this.cases.assignClient(centre, client, client.id, counsellorId)).assigned;
    } catch (error) {
      // The booking stands; the administration can still assign by hand.
      this.logger.warn({ err: errorFields(error) }, 'assignment after booking failed');
      return false;
    }
  }

  private async meetingFor(centre: ResolvedCentre, booking: SchedulingBooking): Promise<string | null> {
    try {
      return (await this.meetings.roomFor(centre, booking.contactType, booking.counsellorId, booking.clientId))?.url ?? null;
    } catch (error) {
      this.logger.warn({ err: errorFields(error) }, 'meeting room for a booking failed');
      return null;
    }
  }

  /** Both people: an e-mail with the calendar entry, and their open pages hear of it. */
  private async announce(centre: ResolvedCentre, booking: SchedulingBooking, template: keyof typeof SCHEDULING_TEMPLATES, method: 'REQUEST' | 'CANCEL'): Promise<void> {
    this.realtime.toUsers([booking.clientId, booking.counsellorId], SCHEDULING_EVENTS.booking, { bookingId: booking.id });
    await this.notifier.sendNow(centre, [booking.clientId, booking.counsellorId], SCHEDULING_TEMPLATES[template], (person) => ({
      values: values(booking),
      calendar: { method, content: this.ics(centre, booking, method, person.locale) },
    }));
  }

  private ics(centre: ResolvedCentre, booking: SchedulingBooking, method: 'REQUEST' | 'CANCEL', locale: 'de' | 'en'): string {
    const host = new URL(this.config.publicUrl).host;
    const link = booking.meetingUrl ?? `${this.config.publicUrl}/${centre.slug}/termine`;
    const location = LOCATIONS[locale][booking.contactType] ?? booking.contactType;
    return buildIcs({
      uid: `${booking.id}@${host}`,
      sequence: booking.sequence,
      method,
      start: booking.startsAt,
      end: booking.endsAt,
      summary: locale === 'de' ? `Beratungstermin – ${centre.name}` : `Counselling appointment – ${centre.name}`,
      description: locale === 'de' ? `${location}. Alles Weitere in BeraDIG: ${link}` : `${location}. Everything else in BeraDIG: ${link}`,
      location: booking.contactType === 'video' && booking.meetingUrl ? `${location}: ${booking.meetingUrl}` : location,
      organizer: { name: centre.name, email: addressOf(this.config.smtpFrom) },
    });
  }

  private async find(centre: ResolvedCentre, principal: Principal, bookingId: string): Promise<SchedulingBooking> {
    if (!isUuid(bookingId)) throw notFound('SCHEDULING_BOOKING_NOT_FOUND');
    const mine = principal.role === 'counsellor' ? { counsellorId: principal.id } : { clientId: principal.id };
    const row = await this.dataSource.getRepository(SchedulingBooking).findOneBy({ id: bookingId, centreId: centre.id, ...mine });
    if (!row) throw notFound('SCHEDULING_BOOKING_NOT_FOUND');
    return row;
  }

  /** A booking of this person that is still to come. */
  private async open(centre: ResolvedCentre, principal: Principal, bookingId: string, now: Date): Promise<SchedulingBooking> {
    const row = await this.find(centre, principal, bookingId);
    if (row.status !== 'booked' || row.startsAt <= now) throw conflict('SCHEDULING_BOOKING_OVER');
    return row;
  }

  private async view(centre: ResolvedCentre, principal: Principal, row: SchedulingBooking): Promise<BookingView> {
    return (await this.views(centre, principal, [row]))[0]!;
  }

  private async views(centre: ResolvedCentre, _principal: Principal, rows: SchedulingBooking[]): Promise<BookingView[]> {
    if (rows.length === 0) return [];
    const cipher = await this.crypto.forCentre(centre.id);
    const names = await this.names.of(centre.id, [...new Set(rows.flatMap((r) => [r.clientId, r.counsellorId]))]);
    return rows.map((r) => ({
      id: r.id,
      start: r.startsAt.toISOString(),
      end: r.endsAt.toISOString(),
      date: localDate(r.startsAt),
      time: localTime(r.startsAt),
      endTime: localTime(r.endsAt),
      counsellor: { id: r.counsellorId, name: names.get(r.counsellorId) ?? '' },
      client: { id: r.clientId, name: names.get(r.clientId) ?? '' },
      contactType: r.contactType,
      note: r.sealedNote ? cipher.openText(noteAad(r.id), r.sealedNote) : null,
      status: r.status,
      cancelledBy: r.cancelledBy,
      meetingUrl: r.status === 'booked' ? r.meetingUrl : null,
    }));
  }

  /** Who booked what, for export and erasure: the personal-data contributor asks. */
  async ofPerson(centreId: string, userId: string, manager: EntityManager): Promise<SchedulingBooking[]> {
    return manager.find(SchedulingBooking, { where: [{ centreId, clientId: userId }, { centreId, counsellorId: userId }], order: { startsAt: 'ASC' } });
  }
}

/** A unique-key refusal means someone booked the slot a moment earlier. */
function taken(error: unknown): unknown {
  return isUniqueViolation(error) ? conflict('SCHEDULING_SLOT_TAKEN') : error;
}

function values(b: SchedulingBooking): Record<string, string> {
  const date = localDate(b.startsAt);
  return { date: date.split('-').reverse().join('.'), time: localTime(b.startsAt), endTime: localTime(b.endsAt), weekday: String(weekdayOf(date)), contactType: b.contactType };
}

function slotView(s: Slot, counsellor: { id: string; name: string }): SlotView {
  return { start: s.start.toISOString(), end: s.end.toISOString(), date: localDate(s.start), time: localTime(s.start), endTime: localTime(s.end), counsellor, contactTypes: s.contactTypes };
}

export function mondayOf(date: string): string {
  return addDays(date, 1 - weekdayOf(date));
}

function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}
