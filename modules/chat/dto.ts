import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

import { TextField } from '#kernel';

import { MAX_AGREED_TIME_LENGTH, MAX_CHAT_MESSAGE_LENGTH, MAX_ROOM_NAME_LENGTH, MAX_ROOM_PARTICIPANTS } from './contracts.js';

export class CreateRoomDto {
  @TextField({ max: MAX_ROOM_NAME_LENGTH, description: 'The room’s name, e.g. "Chat mit Familie S."' })
  name!: string;

  @ApiProperty({ type: [String], description: 'Clients of mine (1 to 20) who take part' })
  @IsArray({ message: 'field.array' })
  @ArrayMinSize(1, { message: 'field.participants' })
  @ArrayMaxSize(MAX_ROOM_PARTICIPANTS, { message: 'field.participants' })
  @ArrayUnique({ message: 'field.unique' })
  @IsUUID('all', { each: true, message: 'field.invalid' })
  participantIds!: string[];

  @TextField({ max: MAX_AGREED_TIME_LENGTH, nullable: true, description: 'Agreed chat time, shown in the room' })
  agreedTime?: string | null;
}

export class UpdateRoomDto {
  @TextField({ max: MAX_ROOM_NAME_LENGTH, optional: true })
  name?: string;

  @TextField({ max: MAX_AGREED_TIME_LENGTH, nullable: true, description: 'Empty or null removes it' })
  agreedTime?: string | null;
}

export class ChatMessageDto {
  @TextField({ max: MAX_CHAT_MESSAGE_LENGTH, description: `At most ${MAX_CHAT_MESSAGE_LENGTH} characters` })
  text!: string;
}

export class MessagePage {
  @ApiPropertyOptional({ description: 'Lines before this id (older), for paging back' })
  @IsOptional()
  @IsUUID('all', { message: 'field.invalid' })
  before?: string;

  @ApiPropertyOptional({ description: 'Lines after this id (newer), to catch up after a reconnect' })
  @IsOptional()
  @IsUUID('all', { message: 'field.invalid' })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
