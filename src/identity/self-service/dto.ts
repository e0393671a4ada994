import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

import { PasswordField, TextField } from '../../common/validators.js';
import { PASSWORD_MAX_LENGTH } from '../accounts/password-policy.js';

export type { AccountProfile } from '../../contracts/accounts.js';

export class UpdateProfileDto {
  @ApiPropertyOptional({ enum: ['de', 'en'] })
  @IsOptional()
  @IsIn(['de', 'en'])
  locale?: 'de' | 'en';

  @TextField({ max: 100, optional: true, description: 'Staff only: the name clients see' })
  displayName?: string;

  @ApiPropertyOptional({ enum: ['each', 'hourly', 'off'], description: "'off' is for staff only" })
  @IsOptional()
  @IsIn(['each', 'hourly', 'off'])
  notifyMode?: 'each' | 'hourly' | 'off';
}

export class ChangePasswordDto {
  @PasswordField({ max: PASSWORD_MAX_LENGTH })
  currentPassword!: string;

  @PasswordField({ max: PASSWORD_MAX_LENGTH })
  newPassword!: string;
}

export class ChangeEmailDto {
  @ApiProperty({ format: 'email' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: 'field.email' })
  @MaxLength(254, { context: { max: 254 } })
  email!: string;

  @PasswordField({ max: PASSWORD_MAX_LENGTH })
  password!: string;
}

export class PasswordConfirmationDto {
  @PasswordField({ max: PASSWORD_MAX_LENGTH })
  password!: string;
}

export class TotpCodeDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(/^\s*\d{3}\s?\d{3}\s*$/, { message: 'field.totp' })
  code!: string;
}
