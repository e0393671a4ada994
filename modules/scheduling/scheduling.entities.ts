import { Column, Entity, Index } from 'typeorm';

import { CascadeRef, CentreIdColumn, DateColumn, IdColumn, SealedColumn } from '#kernel';

/** A counsellor's booking rules, team profile and crisis duty. Made on first use. */
@Entity('scheduling_profile')
export class SchedulingProfile {
  @CascadeRef('UserAccount', { primary: true })
  counsellorId!: string;

  @CentreIdColumn()
  centreId!: string;

  @Column({ type: 'integer', default: 12 })
  minNoticeHours!: number;

  @Column({ type: 'integer', default: 60 })
  horizonDays!: number;

  /** The counsellor chose to be on the public team page. */
  @Column({ type: 'boolean', default: false })
  teamVisible!: boolean;

  /** The administration hid them (e.g. illness); stronger than `teamVisible`. */
  @Column({ type: 'boolean', default: false })
  hiddenByAdmin!: boolean;

  @SealedColumn({ nullable: true })
  sealedBio!: Buffer | null;

  @Column({ type: 'boolean', default: false })
  crisisActive!: boolean;

  @DateColumn({ nullable: true })
  crisisUntil!: Date | null;

  /** New clients assigned on crisis duty: the next goes to whoever has fewest (round robin). */
  @Column({ type: 'integer', default: 0 })
  crisisCount!: number;

  @DateColumn()
  updatedAt!: Date;
}

/** The team page's portrait, decoded and re-encoded (no metadata), sealed like everything people give. */
@Entity('scheduling_photo')
export class SchedulingPhoto {
  @CascadeRef('UserAccount', { primary: true })
  counsellorId!: string;

  @CentreIdColumn()
  centreId!: string;

  @Column({ type: 'varchar', length: 16 })
  mimeType!: string;

  @SealedColumn()
  sealedData!: Buffer;

  @DateColumn()
  updatedAt!: Date;
}

/**
 * A published time window. `single`: two instants. `weekly`: a weekday and local clock times
 * with local validity dates, expanded per date (so it keeps its clock time across DST).
 */
@Entity('scheduling_window')
@Index('IDX_scheduling_window_counsellor', ['centreId', 'counsellorId'])
export class SchedulingWindow {
  @IdColumn({ primary: true })
  id!: string;

  @CentreIdColumn()
  centreId!: string;

  @CascadeRef('UserAccount')
  counsellorId!: string;

  @Column({ type: 'varchar', length: 8 })
  kind!: 'single' | 'weekly';

  @DateColumn({ nullable: true })
  startsAt!: Date | null;

  @DateColumn({ nullable: true })
  endsAt!: Date | null;

  @Column({ type: 'integer', nullable: true })
  weekday!: number | null;

  @Column({ type: 'varchar', length: 5, nullable: true })
  fromTime!: string | null;

  @Column({ type: 'varchar', length: 5, nullable: true })
  toTime!: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  validFrom!: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  validUntil!: string | null;

  @Column({ type: 'integer' })
  slotMinutes!: number;

  @Column({ type: 'integer' })
  bufferMinutes!: number;

  /** Comma-separated contact type keys. */
  @Column({ type: 'varchar', length: 200 })
  contactTypes!: string;

  @DateColumn()
  createdAt!: Date;
}

/** Days (local, inclusive) without slots: holidays, absences. */
@Entity('scheduling_block')
@Index('IDX_scheduling_block_counsellor', ['centreId', 'counsellorId'])
export class SchedulingBlock {
  @IdColumn({ primary: true })
  id!: string;

  @CentreIdColumn()
  centreId!: string;

  @CascadeRef('UserAccount')
  counsellorId!: string;

  @Column({ type: 'varchar', length: 10 })
  fromDate!: string;

  @Column({ type: 'varchar', length: 10 })
  untilDate!: string;

  @DateColumn()
  createdAt!: Date;
}

/**
 * An appointment. While booked, `slotKey` (counsellor and start) is set and unique: two
 * bookings of one slot cannot both be stored, whatever instance or moment they come from. A
 * cancelled booking clears it, and the slot is free again.
 */
@Entity('scheduling_booking')
@Index('UQ_scheduling_booking_slot', ['slotKey'], { unique: true })
@Index('IDX_scheduling_booking_counsellor', ['centreId', 'counsellorId', 'startsAt'])
@Index('IDX_scheduling_booking_client', ['centreId', 'clientId', 'startsAt'])
@Index('IDX_scheduling_booking_reminder', ['status', 'startsAt'])
export class SchedulingBooking {
  @IdColumn({ primary: true })
  id!: string;

  @CentreIdColumn()
  centreId!: string;

  @CascadeRef('UserAccount')
  counsellorId!: string;

  @CascadeRef('UserAccount')
  clientId!: string;

  @DateColumn()
  startsAt!: Date;

  @DateColumn()
  endsAt!: Date;

  @Column({ type: 'varchar', length: 32 })
  contactType!: string;

  @SealedColumn({ nullable: true })
  sealedNote!: Buffer | null;

  @Column({ type: 'varchar', length: 16 })
  status!: 'booked' | 'cancelled';

  @Column({ type: 'varchar', length: 16, nullable: true })
  cancelledBy!: 'client' | 'counsellor' | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  slotKey!: string | null;

  /** The .ics sequence: every move and the cancellation count up. */
  @Column({ type: 'integer', default: 0 })
  sequence!: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  meetingUrl!: string | null;

  @DateColumn({ nullable: true })
  remindedAt!: Date | null;

  @DateColumn()
  createdAt!: Date;

  @DateColumn()
  updatedAt!: Date;
}

/** One row per client who booked: locked while they book, so their open-booking limit holds under parallel requests. */
@Entity('scheduling_client')
export class SchedulingClient {
  @CascadeRef('UserAccount', { primary: true })
  clientId!: string;

  @CentreIdColumn()
  centreId!: string;
}

export const bioAad = (counsellorId: string) => ({ table: 'scheduling_profile', id: counsellorId, column: 'bio' });
export const photoAad = (counsellorId: string) => ({ table: 'scheduling_photo', id: counsellorId, column: 'data' });
export const noteAad = (bookingId: string) => ({ table: 'scheduling_booking', id: bookingId, column: 'note' });
export const slotKey = (counsellorId: string, start: Date) => `${counsellorId}|${start.toISOString()}`;
