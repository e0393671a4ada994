import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';

import { PasswordField, TextField } from '../../common/validators.js';
import type { Me } from '../../contracts/centre.js';
import type { AccountRole } from '../../contracts/roles.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../accounts/password-policy.js';

export class OperatorLoginDto {
  @ApiProperty({ example: 'operator@example.org', format: 'email', maxLength: 254 })
  @IsEmail({}, { message: 'field.email' })
  @MaxLength(254, { context: { max: 254 } })
  email!: string;

  @PasswordField({ max: PASSWORD_MAX_LENGTH })
  password!: string;

  @TextField({ max: 32, optional: true, description: 'TOTP code or a recovery code (two-factor login, mandatory for the operator once set up)' })
  totp?: string;
}

export class CentreLoginDto {
  @TextField({ max: 254, description: 'E-mail address or username' })
  login!: string;

  @PasswordField({ max: PASSWORD_MAX_LENGTH })
  password!: string;

  @TextField({ max: 32, optional: true, description: 'TOTP code or a recovery code, when two-factor login is on' })
  totp?: string;
}

export class AcceptInvitationDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128, { context: { max: 128 } })
  token!: string;

  @PasswordField({ min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })
  password!: string;
}

export class CsrfTokenDto {
  @ApiProperty({ description: 'Send as X-CSRF-Token on every state-changing request' })
  token!: string;
}

export class MeDto implements Me {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['operator', 'admin', 'counsellor', 'client'] }) role!: AccountRole;
  @ApiProperty({ nullable: true, type: String }) centre!: string | null;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['de', 'en'] }) locale!: 'de' | 'en';
}

export class LoginResultDto {
  @ApiProperty({ type: MeDto }) me!: MeDto;
  @ApiProperty({ description: 'A fresh CSRF token bound to the new session' }) csrfToken!: string;
}
