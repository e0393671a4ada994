import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';

import { TextField } from '#kernel';

import { MAX_CAPACITY, MAX_EMERGENCY_NUMBERS, MAX_LINE_LENGTH, MAX_PSEUDONYM_LENGTH, MAX_TOPIC_DESCRIPTION_LENGTH, MAX_TOPIC_RETENTION_DAYS, MAX_TOPIC_TITLE_LENGTH } from './contracts.js';
import { NAME_PATTERN } from './pseudonyms.js';

const PHONE_NUMBER = /^\+?[0-9][0-9 ()/-]{1,28}$/;

export class EmergencyNumberDto {
  @TextField({ max: 80, description: 'Who answers, e.g. "Telefonseelsorge"' })
  label!: string;

  @ApiProperty({ maxLength: 30, example: '0800 111 0 111' })
  @IsString()
  @Matches(PHONE_NUMBER, { message: 'field.phoneNumber' })
  number!: string;
}

export class AnonymousSettingsDto {
  @ApiProperty({ type: [EmergencyNumberDto], maxItems: MAX_EMERGENCY_NUMBERS, description: 'Shown wherever a visitor waits' })
  @IsArray({ message: 'field.array' })
  @ArrayMaxSize(MAX_EMERGENCY_NUMBERS, { message: 'field.emergencyNumbers', context: { max: MAX_EMERGENCY_NUMBERS } })
  @ValidateNested({ each: true })
  @Type(() => EmergencyNumberDto)
  emergencyNumbers!: EmergencyNumberDto[];

  @ApiProperty({ minimum: 0, maximum: MAX_TOPIC_RETENTION_DAYS, description: 'Days a topic chat’s history stays after its window (0: erased at once)' })
  @IsInt({ message: 'field.retentionDays', context: { max: MAX_TOPIC_RETENTION_DAYS } })
  @Min(0, { message: 'field.retentionDays', context: { max: MAX_TOPIC_RETENTION_DAYS } })
  @Max(MAX_TOPIC_RETENTION_DAYS, { message: 'field.retentionDays', context: { max: MAX_TOPIC_RETENTION_DAYS } })
  topicRetentionDays!: number;
}

export class PseudonymDto {
  @TextField({ max: MAX_PSEUDONYM_LENGTH, min: 2, description: 'Letters, digits, spaces, 2–30 characters' })
  @Matches(NAME_PATTERN, { message: 'field.pseudonym' })
  pseudonym!: string;
}

export class DutyDto {
  @ApiProperty({ description: 'Staff the live chat now (visitors are given to me)' })
  @IsBoolean()
  active!: boolean;

  @ApiPropertyOptional({ format: 'date-time', description: 'Until when (at most 12 hours ahead); default: 2 hours' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'field.dutyUntil' })
  until?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_CAPACITY, description: 'How many visitors at once (default 1)' })
  @IsOptional()
  @IsInt({ message: 'field.capacity', context: { max: MAX_CAPACITY } })
  @Min(1, { message: 'field.capacity', context: { max: MAX_CAPACITY } })
  @Max(MAX_CAPACITY, { message: 'field.capacity', context: { max: MAX_CAPACITY } })
  capacity?: number;
}

export class TopicDto {
  @TextField({ max: MAX_TOPIC_TITLE_LENGTH, description: 'e.g. "Prüfungsangst – offener Abend"' })
  title!: string;

  @TextField({ max: MAX_TOPIC_DESCRIPTION_LENGTH, multiline: true, description: 'A short text for the announcement' })
  description!: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true }, { message: 'field.dateTime' })
  startsAt!: string;

  @ApiProperty({ format: 'date-time', description: 'After the start, at most 12 hours later' })
  @IsISO8601({ strict: true }, { message: 'field.dateTime' })
  endsAt!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The counsellor who hosts it (the administration chooses; a counsellor hosts their own)' })
  @IsOptional()
  @IsUUID('all', { message: 'field.host' })
  hostId?: string;
}

export class UpdateTopicDto {
  @TextField({ max: MAX_TOPIC_TITLE_LENGTH, optional: true })
  title?: string;

  @TextField({ max: MAX_TOPIC_DESCRIPTION_LENGTH, multiline: true, optional: true })
  description?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'field.dateTime' })
  startsAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'field.dateTime' })
  endsAt?: string;
}

export class JoinTopicDto {
  @TextField({ max: MAX_PSEUDONYM_LENGTH, min: 2, description: 'The name others in the topic chat see' })
  @Matches(NAME_PATTERN, { message: 'field.pseudonym' })
  nickname!: string;
}

/** A line over the socket. */
export class LiveLineDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'field.invalid' })
  chatId!: string;

  @TextField({ max: MAX_LINE_LENGTH, multiline: true })
  text!: string;
}

export class ChatRefDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'field.invalid' })
  chatId!: string;
}

export class TopicLineDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'field.invalid' })
  topicId!: string;

  @TextField({ max: MAX_LINE_LENGTH, multiline: true })
  text!: string;
}

export class TopicRefDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'field.invalid' })
  topicId!: string;
}

/** The socket's heartbeat while a visitor's page is open. */
export class HereDto {}
