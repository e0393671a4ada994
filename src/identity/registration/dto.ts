import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Equals, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

import { PasswordField } from '../../common/validators.js';
import { PASSWORD_MAX_LENGTH } from '../accounts/password-policy.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const USERNAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u;

export class RegistrationDto {
  @ApiProperty({ description: 'A pseudonym, 3–30 letters, digits, dots, dashes or underscores', example: 'sonnenblume' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MinLength(3, { context: { min: 3 } })
  @MaxLength(30, { context: { max: 30 } })
  @Matches(USERNAME_PATTERN, { message: 'field.username' })
  username!: string;

  @ApiProperty({ format: 'email', example: 'name@example.org' })
  @Transform(trim)
  @IsEmail({}, { message: 'field.email' })
  @MaxLength(254, { context: { max: 254 } })
  email!: string;

  @PasswordField({ max: PASSWORD_MAX_LENGTH })
  password!: string;

  @ApiProperty({ description: 'Must be true: the centre’s privacy statement was shown and accepted' })
  @Equals(true, { message: 'field.privacyRequired' })
  privacyAccepted!: boolean;

  @ApiPropertyOptional({ enum: ['de', 'en'] })
  @IsOptional()
  @IsIn(['de', 'en'])
  locale?: 'de' | 'en';
}

export class TokenDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128, { context: { max: 128 } })
  token!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ format: 'email' })
  @Transform(trim)
  @IsEmail({}, { message: 'field.email' })
  @MaxLength(254, { context: { max: 254 } })
  email!: string;
}

export class PasswordResetDto extends TokenDto {
  @PasswordField({ max: PASSWORD_MAX_LENGTH })
  password!: string;
}
