import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, MaxLength } from 'class-validator';

import { TextField } from '../../common/validators.js';
import type { CentreRole } from '../../contracts/roles.js';

export type { UserSummary } from '../../contracts/accounts.js';

export class CreateStaffDto {
  @TextField({ max: 100, example: 'Birgit Berger' })
  name!: string;

  @ApiProperty({ format: 'email', example: 'b.berger@beratung.example' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: 'field.email' })
  @MaxLength(254, { context: { max: 254 } })
  email!: string;

  @ApiProperty({ enum: ['counsellor', 'admin'] })
  @IsIn(['counsellor', 'admin'], { message: 'field.staffRole' })
  role!: 'counsellor' | 'admin';
}

export class UserQueryDto {
  @ApiPropertyOptional({ enum: ['admin', 'counsellor', 'client'] })
  @IsOptional()
  @IsIn(['admin', 'counsellor', 'client'])
  role?: CentreRole;

  @ApiPropertyOptional({ enum: ['pending', 'active', 'deactivated'] })
  @IsOptional()
  @IsIn(['pending', 'active', 'deactivated'])
  status?: 'pending' | 'active' | 'deactivated';

  @ApiPropertyOptional({ description: 'Only confirmed clients who never wrote anything' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  idle?: boolean;
}

export class CentreSettingsDto {
  @ApiProperty({ description: 'Staff must use two-factor login' })
  @IsBoolean()
  staffTwoFactorRequired!: boolean;
}
