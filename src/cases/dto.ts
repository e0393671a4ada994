import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsUUID } from 'class-validator';

import { TextField } from '../common/validators.js';

export class AssignDto {
  @ApiProperty({ format: 'uuid', description: 'A counsellor of this centre' })
  @IsUUID('all', { message: 'field.invalid' })
  counsellorId!: string;
}

export class CreateGroupDto {
  @TextField({ max: 100, example: 'Familie Sommer' })
  title!: string;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 2, maxItems: 20, uniqueItems: true, description: 'Clients whose cases are assigned to me (at least two)' })
  @IsArray()
  @ArrayMinSize(2, { message: 'field.groupSize' })
  @ArrayMaxSize(20, { message: 'field.groupSize' })
  @ArrayUnique({ message: 'field.unique' })
  @IsUUID('all', { each: true, message: 'field.invalid' })
  memberIds!: string[];
}

export class AbsenceDto {
  @ApiProperty()
  @IsBoolean()
  enabled!: boolean;

  @TextField({ max: 1000, nullable: true, multiline: true, description: 'Shown to my clients while I am away' })
  text?: string | null;
}

export class AbsenceView {
  @ApiProperty() enabled!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) text!: string | null;
  @ApiProperty() setByAdmin!: boolean;
}

