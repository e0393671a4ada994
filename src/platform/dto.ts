import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  Matches,
  IsOptional,
  IsUrl,
  MaxLength,
  registerDecorator,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';

import { TextField } from '../common/validators.js';
import { FEATURE_KEY_PATTERN, type FeatureKey } from '../contracts/modules.js';

/** Top-level paths of the web app and API that a centre's portal address must not shadow. */
export const RESERVED_SLUGS = new Set([
  'api', 'dev', 'platform', 'operator', 'admin', 'assets', 'static', 'media', 'docs', 'health', 'login', 'logout',
  'register', 'registrierung', 'konto', 'account', 'help', 'hilfe', 'impressum', 'datenschutz', 'beradig', 'www',
  'i18n', 'de', 'en', 'null', 'undefined', 'new', 'neu',
]);
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/;

function IsSlug(): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isSlug',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && SLUG_PATTERN.test(value) && !RESERVED_SLUGS.has(value),
        defaultMessage: (args?: ValidationArguments) =>
          typeof args?.value === 'string' && RESERVED_SLUGS.has(args.value) ? 'field.slugReserved' : 'field.slug',
      },
    });
  };
}

const ModulesField = (optional: boolean): PropertyDecorator => (target, key) => {
  const decorators: PropertyDecorator[] = [
    IsArray(),
    ArrayUnique(),
    // Which modules exist is the registry's to say (the service checks); here only their form.
    Matches(FEATURE_KEY_PATTERN, { each: true, message: 'field.invalid' }),
    (optional ? ApiPropertyOptional : ApiProperty)({ type: String, isArray: true, description: 'Keys of installed modules (GET /platform/modules)' }),
  ];
  if (optional) decorators.push(IsOptional());
  for (const d of decorators) d(target, key);
};

const HomepageField: PropertyDecorator = (target, key) => {
  for (const d of [
    ValidateIf((_: unknown, value: unknown) => value !== null && value !== undefined),
    IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { message: 'field.url' }),
    MaxLength(500, { context: { max: 500 } }),
    ApiPropertyOptional({ type: String, nullable: true, example: 'https://www.beratung-musterstadt.de' }),
  ]) {
    d(target, key);
  }
};

export class CreateCentreDto {
  @ApiProperty({ example: 'musterstadt', description: 'The portal address: /musterstadt' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsSlug()
  slug!: string;

  @TextField({ max: 200, example: 'Beratungsstelle Musterstadt' })
  name!: string;

  @ApiProperty({ format: 'email', description: 'Receives the invitation for the first admin account; not shown to the operator again' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: 'field.email' })
  @MaxLength(254, { context: { max: 254 } })
  adminEmail!: string;

  @ModulesField(false)
  modules!: FeatureKey[];

  @TextField({ max: 10_000, nullable: true, multiline: true })
  imprint?: string | null;

  @TextField({ max: 50_000, nullable: true, multiline: true, description: 'Omit for the platform default statement' })
  privacyText?: string | null;

  @HomepageField
  homepageUrl?: string | null;
}

export class UpdateCentreDto {
  @TextField({ max: 200, optional: true })
  name?: string;

  @ModulesField(true)
  modules?: FeatureKey[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  suspended?: boolean;

  @TextField({ max: 10_000, nullable: true, multiline: true })
  imprint?: string | null;

  @TextField({ max: 50_000, nullable: true, multiline: true, description: 'null restores the platform default statement' })
  privacyText?: string | null;

  @HomepageField
  homepageUrl?: string | null;
}
