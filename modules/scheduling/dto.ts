import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';

import { FEATURE_KEY_PATTERN, TextField } from '#kernel';

import { BUFFER_MINUTES_MAX, HORIZON_DAYS, MAX_BIO_LENGTH, MAX_BOOKING_NOTE_LENGTH, MAX_SLOT_DAYS, MIN_NOTICE_HOURS, SLOT_MINUTES } from './contracts.js';
import { DATE, TIME } from './time.js';

const asNumber = Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value));

export class WindowDto {
  @ApiProperty({ enum: ['single', 'weekly'] })
  @IsIn(['single', 'weekly'], { message: 'field.invalid' })
  kind!: 'single' | 'weekly';

  @ApiPropertyOptional({ example: '2026-12-10', description: '`single`: the date (Europe/Berlin)' })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: 'field.date' })
  date?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 7, description: '`weekly`: ISO weekday, 1 = Monday' })
  @IsOptional()
  @IsInt({ message: 'field.weekday' })
  @Min(1, { message: 'field.weekday' })
  @Max(7, { message: 'field.weekday' })
  weekday?: number;

  @ApiProperty({ example: '09:00', description: 'Local start time' })
  @IsString()
  @Matches(TIME, { message: 'field.time' })
  from!: string;

  @ApiProperty({ example: '12:00', description: 'Local end time' })
  @IsString()
  @Matches(TIME, { message: 'field.time' })
  to!: string;

  @ApiPropertyOptional({ example: '2026-12-07', description: '`weekly`: the first date (default today)' })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: 'field.date' })
  validFrom?: string;

  @ApiPropertyOptional({ example: '2027-06-30', description: '`weekly`: the last date (default and at most one year after the first)' })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: 'field.date' })
  validUntil?: string;

  @ApiProperty({ minimum: SLOT_MINUTES.min, maximum: SLOT_MINUTES.max, example: 50 })
  @IsInt({ message: 'field.slotMinutes', context: SLOT_MINUTES })
  @Min(SLOT_MINUTES.min, { message: 'field.slotMinutes', context: SLOT_MINUTES })
  @Max(SLOT_MINUTES.max, { message: 'field.slotMinutes', context: SLOT_MINUTES })
  slotMinutes!: number;

  @ApiPropertyOptional({ minimum: 0, maximum: BUFFER_MINUTES_MAX, default: 0 })
  @IsOptional()
  @IsInt({ message: 'field.bufferMinutes', context: { max: BUFFER_MINUTES_MAX } })
  @Min(0, { message: 'field.bufferMinutes', context: { max: BUFFER_MINUTES_MAX } })
  @Max(BUFFER_MINUTES_MAX, { message: 'field.bufferMinutes', context: { max: BUFFER_MINUTES_MAX } })
  bufferMinutes?: number;

  @ApiProperty({ type: [String], minItems: 1, maxItems: 8, uniqueItems: true, example: ['video', 'phone'], description: 'Ways of contact offered (the centre’s contactTypes)' })
  @IsArray({ message: 'field.array' })
  @ArrayMinSize(1, { message: 'field.contactTypes' })
  @ArrayMaxSize(8, { message: 'field.contactTypes' })
  @ArrayUnique({ message: 'field.unique' })
  @Matches(FEATURE_KEY_PATTERN, { each: true, message: 'field.contactTypes' })
  contactTypes!: string[];
}

export class BlockDto {
  @ApiProperty({ example: '2026-12-23' })
  @IsString()
  @Matches(DATE, { message: 'field.date' })
  fromDate!: string;

  @ApiProperty({ example: '2027-01-02', description: 'The last blocked day (inclusive)' })
  @IsString()
  @Matches(DATE, { message: 'field.date' })
  untilDate!: string;
}

export class ProfileDto {
  @ApiPropertyOptional({ minimum: 0, maximum: MIN_NOTICE_HOURS.max, description: 'No booking less than this many hours ahead' })
  @IsOptional()
  @IsInt({ message: 'field.minNoticeHours', context: { max: MIN_NOTICE_HOURS.max } })
  @Min(0, { message: 'field.minNoticeHours', context: { max: MIN_NOTICE_HOURS.max } })
  @Max(MIN_NOTICE_HOURS.max, { message: 'field.minNoticeHours', context: { max: MIN_NOTICE_HOURS.max } })
  minNoticeHours?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: HORIZON_DAYS.max, description: 'Booking is open this many days ahead' })
  @IsOptional()
  @IsInt({ message: 'field.horizonDays', context: { max: HORIZON_DAYS.max } })
  @Min(1, { message: 'field.horizonDays', context: { max: HORIZON_DAYS.max } })
  @Max(HORIZON_DAYS.max, { message: 'field.horizonDays', context: { max: HORIZON_DAYS.max } })
  horizonDays?: number;

  @ApiPropertyOptional({ description: 'Show me on the centre’s public team page' })
  @IsOptional()
  @IsBoolean()
  teamVisible?: boolean;

  @TextField({ max: MAX_BIO_LENGTH, nullable: true, multiline: true, description: 'A few words about me for the team page; empty or null removes it' })
  bio?: string | null;
}

export class SlotsQuery {
  @ApiPropertyOptional({ example: '2026-12-07', description: 'First day (default today)' })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: 'field.date' })
  from?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SLOT_DAYS, default: 14 })
  @IsOptional()
  @asNumber
  @IsInt()
  @Min(1)
  @Max(MAX_SLOT_DAYS)
  days?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this counsellor’s slots' })
  @IsOptional()
  @IsUUID('all', { message: 'field.invalid' })
  counsellorId?: string;
}

export class CalendarQuery {
  @ApiPropertyOptional({ example: '2026-12-07', description: 'First day (default: this week’s Monday)' })
  @IsOptional()
  @IsString()
  @Matches(DATE, { message: 'field.date' })
  from?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 14, default: 7 })
  @IsOptional()
  @asNumber
  @IsInt()
  @Min(1)
  @Max(14)
  days?: number;
}

export class BookingsQuery {
  @ApiPropertyOptional({ enum: ['upcoming', 'past'], default: 'upcoming' })
  @IsOptional()
  @IsIn(['upcoming', 'past'], { message: 'field.invalid' })
  scope?: 'upcoming' | 'past';
}

export class BookingDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'field.invalid' })
  counsellorId!: string;

  @ApiProperty({ format: 'date-time', description: 'The slot’s start, as the slot list gives it' })
  @IsISO8601({ strict: true }, { message: 'field.invalid' })
  start!: string;

  @ApiProperty({ example: 'video', description: 'One of the slot’s contact types' })
  @IsString()
  @Matches(FEATURE_KEY_PATTERN, { message: 'field.contactType' })
  contactType!: string;

  @TextField({ max: MAX_BOOKING_NOTE_LENGTH, nullable: true, multiline: true, description: 'A short note for the counsellor (sealed)' })
  note?: string | null;
}

export class MoveDto {
  @ApiProperty({ format: 'date-time', description: 'The new slot’s start (the same counsellor)' })
  @IsISO8601({ strict: true }, { message: 'field.invalid' })
  start!: string;

  @ApiPropertyOptional({ description: 'Another of the new slot’s contact types (default: as before)' })
  @IsOptional()
  @IsString()
  @Matches(FEATURE_KEY_PATTERN, { message: 'field.contactType' })
  contactType?: string;
}

export class CrisisDto {
  @ApiProperty({ description: 'On duty as crisis contact: new clients come straight to me' })
  @IsBoolean()
  active!: boolean;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, description: 'Until when (at most a week); null: until I switch it off' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'field.crisisUntil' })
  until?: string | null;
}

export class TeamVisibilityDto {
  @ApiProperty({ description: 'Hide the counsellor from the team page (they cannot undo it)' })
  @IsBoolean()
  hidden!: boolean;
}
