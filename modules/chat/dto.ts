import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsOptional, IsUUID } from 'class-validator';

import { PageQuery, TextField } from '#kernel';

import { MAX_AGREED_TIME_LENGTH, MAX_CHAT_MESSAGE_LENGTH, MAX_ROOM_NAME_LENGTH, MAX_ROOM_PARTICIPANTS } from './contracts.js';

export class CreateRoomDto {
  @TextField({ max: MAX_ROOM_NAME_LENGTH, description: 'The room’s name, e.g. "Chat mit Familie S."' })
  name!: string;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: MAX_ROOM_PARTICIPANTS, uniqueItems: true, description: 'Clients of mine (1 to 20) who take part' })
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
  @TextField({ max: MAX_CHAT_MESSAGE_LENGTH, multiline: true, description: `At most ${MAX_CHAT_MESSAGE_LENGTH} characters` })
  text!: string;
}

/** A page of lines; `after` catches up after a reconnect. */
export class MessagePage extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Lines after this id (newer), to catch up after a reconnect' })
  @IsOptional()
  @IsUUID('all', { message: 'field.invalid' })
  after?: string;
}
