import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

import { AGE_GROUPS, FEATURE_KEY_PATTERN, TextField, TOPICS } from '#kernel';

import { MAX_MESSAGE_LENGTH } from './contracts.js';

export class MessageDto {
  @TextField({ max: MAX_MESSAGE_LENGTH, multiline: true, description: `The message, at most ${MAX_MESSAGE_LENGTH} characters` })
  text!: string;
}

export class EnquiryDto extends MessageDto {
  @ApiPropertyOptional({ enum: TOPICS })
  @IsOptional()
  @IsIn(TOPICS, { message: 'field.invalid' })
  topic?: (typeof TOPICS)[number];

  @ApiPropertyOptional({ enum: AGE_GROUPS })
  @IsOptional()
  @IsIn(AGE_GROUPS, { message: 'field.invalid' })
  ageGroup?: (typeof AGE_GROUPS)[number];

  @ApiPropertyOptional({ example: '12345' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Matches(/^\d{5}$/, { message: 'field.postcode' })
  postcode?: string;

  @ApiPropertyOptional({ example: 'phone', description: "One of the centre's contactTypes (portal info)" })
  @IsOptional()
  // Which ways exist depends on the centre's modules: the service checks; here only the form.
  @Matches(FEATURE_KEY_PATTERN, { message: 'field.invalid' })
  preferredContact?: string;
}

export class NoteDto {
  @ApiProperty({ maxLength: MAX_MESSAGE_LENGTH, description: 'Empty text deletes the note' })
  @IsString()
  @MaxLength(MAX_MESSAGE_LENGTH, { context: { max: MAX_MESSAGE_LENGTH } })
  text!: string;
}
