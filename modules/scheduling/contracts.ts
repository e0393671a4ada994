/**
 * Module `scheduling`: appointments, the team page and crisis contacts — what the Angular app
 * and the server share. Every time is an instant (ISO, UTC) together with its local date and
 * time in Europe/Berlin, which the server works out (the app shows those as they are).
 */

export const TIME_ZONE = 'Europe/Berlin';

/** A counsellor's published time window: once, or every week on one weekday. */
export interface WindowView {
  id: string;
  kind: 'single' | 'weekly';
  /** `single`: its date. */
  date: string | null;
  /** `weekly`: ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number | null;
  /** Local times, `HH:MM`. */
  from: string;
  to: string;
  /** `weekly`: the first and last date it applies (local dates). */
  validFrom: string | null;
  validUntil: string | null;
  slotMinutes: number;
  bufferMinutes: number;
  contactTypes: string[];
}

/** Dates (inclusive, local) on which none of the counsellor's slots is offered. */
export interface BlockView {
  id: string;
  fromDate: string;
  untilDate: string;
}

/** A bookable time. */
export interface SlotView {
  start: string;
  end: string;
  /** Local date and times of it, Europe/Berlin. */
  date: string;
  time: string;
  endTime: string;
  counsellor: { id: string; name: string };
  contactTypes: string[];
}

export interface BookingView {
  id: string;
  start: string;
  end: string;
  date: string;
  time: string;
  endTime: string;
  counsellor: { id: string; name: string };
  /** The counsellor sees whom; a client sees themself. */
  client: { id: string; name: string };
  contactType: string;
  /** The client's short note for the counsellor (both see it). */
  note: string | null;
  status: 'booked' | 'cancelled';
  /** Who cancelled, when cancelled. */
  cancelledBy: 'client' | 'counsellor' | null;
  /** The room to meet in, for contact types that have one (e.g. video). */
  meetingUrl: string | null;
}

/** A counsellor's week as their calendar shows it. */
export interface CalendarDay {
  date: string;
  weekday: number;
  /** A block (holiday, absence) covers the day. */
  blocked: boolean;
  slots: { start: string; time: string; endTime: string; contactTypes: string[]; booking: { id: string; clientName: string; contactType: string } | null }[];
  /** Bookings outside today's slots (e.g. from a window deleted since). */
  otherBookings: { id: string; time: string; endTime: string; clientName: string; contactType: string }[];
}

/** A counsellor's own settings and team profile. */
export interface ProfileView {
  minNoticeHours: number;
  horizonDays: number;
  teamVisible: boolean;
  /** The administration hid the counsellor from the team page (e.g. illness); they cannot undo it. */
  hiddenByAdmin: boolean;
  bio: string | null;
  photoUrl: string | null;
}

/** A counsellor on the public team page. */
export interface TeamMemberView {
  id: string;
  name: string;
  bio: string | null;
  photoUrl: string | null;
  contactTypes: string[];
  hasFreeSlots: boolean;
}

export interface CrisisView {
  active: boolean;
  /** Until when (ISO), or null: until switched off. */
  until: string | null;
}

/** The administration's overview of the team: who is shown, who is crisis contact. */
export interface TeamAdminView {
  id: string;
  name: string;
  teamVisible: boolean;
  hiddenByAdmin: boolean;
  crisis: CrisisView;
}

/** The module's part of the portal info. */
export interface SchedulingPortalInfo {
  /** Counsellors on the team page. */
  teamSize: number;
}

export const SLOT_MINUTES = { min: 10, max: 240 } as const;
export const BUFFER_MINUTES_MAX = 120;
export const MAX_BOOKING_NOTE_LENGTH = 500;
export const MAX_BIO_LENGTH = 2000;
export const MIN_NOTICE_HOURS = { default: 12, max: 336 } as const;
export const HORIZON_DAYS = { default: 60, max: 365 } as const;
/** A window's validity, and a block, span at most this many days. */
export const MAX_SPAN_DAYS = 366;
/** Slots asked for at once, at most this many days. */
export const MAX_SLOT_DAYS = 62;

/** Realtime events to the people of a booking, to the counsellor of a crisis client. */
export const SCHEDULING_EVENTS = {
  /** A booking was made, moved or cancelled: `{ bookingId }`. */
  booking: 'scheduling.booking',
  /** A client came to the crisis contact on duty: `{ caseId }`. */
  crisisClient: 'scheduling.crisis-client',
} as const;
