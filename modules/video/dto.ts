import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

import { TextField } from '#kernel';

import {
  GUEST_LINK_MAX_DAYS,
  MAX_GUEST_LINK_LABEL_LENGTH,
  MAX_GUEST_NAME_LENGTH,
  MAX_VIDEO_INVITEES,
  MAX_VIDEO_NOTE_LENGTH,
  MAX_VIDEO_ROOM_NAME_LENGTH,
  MIN_JITSI_SECRET_LENGTH,
} from './contracts.js';

/** A host name (lower case, dot-separated labels) with an optional port: what Jitsi's IFrame API takes as `domain`. */
export const JITSI_DOMAIN = /^(?=.{1,253}(:|$))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/;
export const JITSI_APP_ID = /^[A-Za-z0-9._-]{1,100}$/;
/** Printable ASCII without spaces, as Jitsi's env file and HS256 keys take it. */
export const JITSI_SECRET = new RegExp(`^[\\x21-\\x7e]{${MIN_JITSI_SECRET_LENGTH},512}$`);

/** A guest link's secret: 256 random bits, base64url. */
export const GUEST_TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** A participant's id at Jitsi (its endpoint id, as the IFrame API reports it). */
export const JITSI_PARTICIPANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

const trimmed = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

class RoomOptionsDto {
  @ApiPropertyOptional({ description: 'People knock and wait until the counsellor lets them in (default on)' })
  @IsOptional()
  @IsBoolean()
  lobby?: boolean;

  @ApiPropertyOptional({ description: 'Everyone joins with the microphone off' })
  @IsOptional()
  @IsBoolean()
  startMuted?: boolean;

  @ApiPropertyOptional({ description: 'Sound only, no cameras' })
  @IsOptional()
  @IsBoolean()
  audioOnly?: boolean;

  @ApiPropertyOptional({ description: 'Guest links may be handed out; switching it off revokes every open guest link' })
  @IsOptional()
  @IsBoolean()
  guestsAllowed?: boolean;
}

const inviteeDocs: ApiPropertyOptions = {
  type: [String],
  format: 'uuid',
  maxItems: MAX_VIDEO_INVITEES,
  uniqueItems: true,
  description: `Clients of mine (at most ${MAX_VIDEO_INVITEES}) who may join; none for a room only for guests`,
};

export class CreateVideoRoomDto extends RoomOptionsDto {
  @TextField({ max: MAX_VIDEO_ROOM_NAME_LENGTH, description: 'The room’s name, e.g. "Videoberatung Familie S."' })
  name!: string;

  @ApiPropertyOptional(inviteeDocs)
  @IsOptional()
  @IsArray({ message: 'field.array' })
  @ArrayMaxSize(MAX_VIDEO_INVITEES, { message: 'field.videoInvitees', context: { max: MAX_VIDEO_INVITEES } })
  @ArrayUnique({ message: 'field.unique' })
  @IsUUID('all', { each: true, message: 'field.invalid' })
  inviteeIds?: string[];
}

export class UpdateVideoRoomDto extends RoomOptionsDto {
  @TextField({ max: MAX_VIDEO_ROOM_NAME_LENGTH, optional: true })
  name?: string;

  @ApiPropertyOptional({ ...inviteeDocs, description: 'The whole new list of invited clients: the new ones are told, the others lose access' })
  @IsOptional()
  @IsArray({ message: 'field.array' })
  @ArrayMaxSize(MAX_VIDEO_INVITEES, { message: 'field.videoInvitees', context: { max: MAX_VIDEO_INVITEES } })
  @ArrayUnique({ message: 'field.unique' })
  @IsUUID('all', { each: true, message: 'field.invalid' })
  inviteeIds?: string[];
}

export class VideoNoteDto {
  @ApiProperty({ maxLength: MAX_VIDEO_NOTE_LENGTH, description: 'Empty text deletes the note' })
  @IsString()
  @MaxLength(MAX_VIDEO_NOTE_LENGTH, { context: { max: MAX_VIDEO_NOTE_LENGTH } })
  text!: string;
}

export class GuestLinkDto {
  @TextField({ max: MAX_GUEST_LINK_LABEL_LENGTH, nullable: true, description: 'My own label for it, e.g. "Jugendamt, Frau K." (only I see it)' })
  label?: string | null;

  @ApiPropertyOptional({ minimum: 1, maximum: GUEST_LINK_MAX_DAYS, default: 7, description: 'Days the link stays valid' })
  @IsOptional()
  @IsInt({ message: 'field.guestDays', context: { max: GUEST_LINK_MAX_DAYS } })
  @Min(1, { message: 'field.guestDays', context: { max: GUEST_LINK_MAX_DAYS } })
  @Max(GUEST_LINK_MAX_DAYS, { message: 'field.guestDays', context: { max: GUEST_LINK_MAX_DAYS } })
  days?: number;
}

export class HostPresenceDto {
  @ApiProperty({ description: 'true while my call page is in the call (sent every 30 s), false when I left' })
  @IsBoolean()
  present!: boolean;

  @ApiPropertyOptional({ description: 'Whether my call page switched end-to-end encryption on (it does when everyone in the call supports it)' })
  @IsOptional()
  @IsBoolean()
  e2ee?: boolean;
}

export class ParticipantReportDto {
  @ApiProperty({ description: 'My participant id at Jitsi (the IFrame API’s videoConferenceJoined id)', maxLength: 64 })
  @IsString()
  @Matches(JITSI_PARTICIPANT_ID, { message: 'field.invalid' })
  jitsiId!: string;

  @ApiProperty({ description: 'Whether my browser can take part in end-to-end encryption (insertable streams)' })
  @IsBoolean()
  e2ee!: boolean;
}

export class ConsentDto {
  @ApiProperty({ maxLength: 32, description: 'The version of the consent text I read and accept' })
  @IsString()
  @MaxLength(32)
  version!: string;
}

export class VideoSettingsDto {
  @ApiProperty({ maxLength: 255, example: 'meet.beratung.example', description: 'Host name (and port) of the Jitsi Meet server, without https://' })
  @trimmed
  @IsString()
  @MaxLength(255)
  @Matches(JITSI_DOMAIN, { message: 'field.jitsiDomain' })
  domain!: string;

  @ApiProperty({ maxLength: 100, description: 'Jitsi’s JWT_APP_ID' })
  @trimmed
  @IsString()
  @Matches(JITSI_APP_ID, { message: 'field.jitsiAppId' })
  appId!: string;

  @ApiPropertyOptional({ minLength: MIN_JITSI_SECRET_LENGTH, maxLength: 512, description: 'Jitsi’s JWT_APP_SECRET; leave out to keep the one set before' })
  @IsOptional()
  @IsString()
  @Matches(JITSI_SECRET, { message: 'field.jitsiSecret', context: { min: MIN_JITSI_SECRET_LENGTH } })
  secret?: string;
}

export class GuestTokenDto {
  @ApiProperty({ description: 'The secret from the guest link (after #)', minLength: 43, maxLength: 43 })
  @IsString()
  @Matches(GUEST_TOKEN, { message: 'field.invalid' })
  token!: string;
}

export class GuestJoinDto extends GuestTokenDto {
  @TextField({ max: MAX_GUEST_NAME_LENGTH, description: 'The name the others see in the call' })
  displayName!: string;

  @ApiProperty({ maxLength: 32, description: 'The version of the consent text the guest confirmed' })
  @IsString()
  @MaxLength(32)
  consentVersion!: string;
}

export class GuestParticipantDto extends GuestTokenDto {
  @ApiProperty({ maxLength: 64 })
  @IsString()
  @Matches(JITSI_PARTICIPANT_ID, { message: 'field.invalid' })
  jitsiId!: string;

  @ApiProperty()
  @IsBoolean()
  e2ee!: boolean;
}
