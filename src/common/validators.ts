import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength, MinLength, registerDecorator, ValidateIf } from 'class-validator';

interface TextOptions {
  max: number;
  min?: number;
  optional?: boolean;
  /** Optional fields that may be sent as null to clear them. */
  nullable?: boolean;
  /** Texts of several lines (messages, imprint): line breaks and tabs allowed. Otherwise one line. */
  multiline?: boolean;
  description?: string;
  example?: string;
}

/** Line breaks (CR, LF and Unicode's line and paragraph separators) and tabs. */
const LINE_BREAKS = /[\t\n\r\u2028\u2029]/;

/** A text of one line: no line breaks or tabs (names, titles, logins). */
export function SingleLine(): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'singleLine',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !LINE_BREAKS.test(value),
        defaultMessage: () => 'field.singleLine',
      },
    });
  };
}

/**
 * A trimmed text field with length limits whose errors carry the limits for the message. Lone
 * surrogates and control characters are refused for every text by the validation pipe; a
 * single-line field refuses line breaks and tabs too.
 */
export function TextField(options: TextOptions): PropertyDecorator {
  const decorators: PropertyDecorator[] = [
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    MaxLength(options.max, { context: { max: options.max } }),
  ];
  if (!options.multiline) decorators.push(SingleLine());
  if (options.min) decorators.push(MinLength(options.min, { context: { min: options.min } }));
  // nullable: absent, null or '' all mean "no value"; optional: may be absent, never empty.
  if (options.nullable) decorators.push(ValidateIf((_, value) => value !== null && value !== undefined));
  else decorators.push(IsNotEmpty());
  if (options.optional) decorators.push(IsOptional());
  const doc = { description: options.description, example: options.example, maxLength: options.max, minLength: options.min };
  decorators.push(
    options.optional || options.nullable
      ? ApiPropertyOptional({ ...doc, type: String, nullable: options.nullable })
      : ApiProperty({ ...doc, type: String }),
  );
  return applyDecorators(...decorators);
}

/** Passwords are not trimmed: every character counts. */
export function PasswordField(options: { min?: number; max: number }): PropertyDecorator {
  const decorators: PropertyDecorator[] = [
    IsString(),
    IsNotEmpty(),
    MaxLength(options.max, { context: { max: options.max } }),
    ApiProperty({ type: String, format: 'password', minLength: options.min, maxLength: options.max }),
  ];
  if (options.min) decorators.push(MinLength(options.min, { context: { min: options.min } }));
  return applyDecorators(...decorators);
}
