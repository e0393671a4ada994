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

/**
 * Unicode's explicit direction controls (embeddings, overrides, isolates). Right-to-left names
 * need none of them — the bidi algorithm orders Arabic or Hebrew by itself — but an override in
 * a name shown beside other text can make it read as something else ("rechnung\u202Efdp.exe").
 */
const DIRECTION_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;

/**
 * A text of one line: no line breaks or tabs (names, titles, logins), and no direction controls.
 * Multi-line texts (messages) keep them: a writer of a right-to-left language may need them there.
 */
export function SingleLine(): PropertyDecorator {
  return (target, propertyName) => {
    for (const [name, forbidden, message] of [
      ['singleLine', LINE_BREAKS, 'field.singleLine'],
      ['noDirectionControls', DIRECTION_CONTROLS, 'field.characters'],
    ] as const) {
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: propertyName as string,
        validator: {
          validate: (value: unknown) => typeof value !== 'string' || !forbidden.test(value),
          defaultMessage: () => message,
        },
      });
    }
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
