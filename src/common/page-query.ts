import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

/** A page of a time-ordered list (messages, lines): up to `limit` entries older than `before`. */
export class PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Entries before this id (older), for paging back' })
  @IsOptional()
  @IsUUID('all', { message: 'field.invalid' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
