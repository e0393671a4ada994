import { type ArgumentMetadata, HttpStatus, type Type, ValidationPipe, type ValidationError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

import { DomainError, type FieldProblem } from './domain-error.js';
import { inspectInput, isDto } from './input-check.js';

/** class-validator constraint names → catalogue codes for field messages. */
const CONSTRAINT_CODES: Record<string, string> = {
  isDefined: 'field.required',
  isNotEmpty: 'field.required',
  whitelistValidation: 'field.unknown',
  isString: 'field.string',
  isBoolean: 'field.boolean',
  isArray: 'field.array',
  isEmail: 'field.email',
  isUrl: 'field.url',
  minLength: 'field.minLength',
  maxLength: 'field.maxLength',
  arrayUnique: 'field.unique',
};

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [constraint, text] of Object.entries(error.constraints ?? {})) {
      // A custom constraint may carry its catalogue code directly as its message.
      const code = CONSTRAINT_CODES[constraint] ?? (text.startsWith('field.') ? text : 'field.invalid');
      const meta = error.contexts?.[constraint] as Record<string, unknown> | undefined;
      out.push({ field, code, params: { ...meta } });
    }
    if (error.children?.length) out.push(...flatten(error.children, field));
  }
  // When a required field is missing, "required" says it all; drop the type errors beside it.
  const required = new Set(out.filter((p) => p.code === 'field.required').map((p) => p.field));
  return out.filter((p) => p.code === 'field.required' || !required.has(p.field));
}

const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const;

const isPlainObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What is refused before class-transformer and class-validator see the input (see `inspectInput`):
 * a body for a DTO that is not an object, prototype keys, lone surrogates and control characters,
 * null where the DTO does not allow it.
 */
function refuseBadInput(value: unknown, metatype: unknown, wholeBody: boolean): void {
  if (wholeBody && value !== undefined && !isPlainObject(value) && isDto(metatype)) {
    // No field to name: the whole body (or socket payload) is of the wrong kind.
    throw new DomainError('VALIDATION_FAILED', HttpStatus.BAD_REQUEST, {}, [{ field: '', code: 'field.object' }]);
  }
  const problems = inspectInput(value, metatype);
  if (problems.length > 0) throw new DomainError('VALIDATION_FAILED', HttpStatus.BAD_REQUEST, {}, problems);
}

/** Validates a body outside the pipe (e.g. in a guard that runs before pipes). */
export function validateBody<T extends object>(cls: Type<T>, body: unknown): T {
  refuseBadInput(body, cls, true);
  const instance = plainToInstance(cls, body ?? {});
  const errors = validateSync(instance, VALIDATOR_OPTIONS);
  if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', HttpStatus.BAD_REQUEST, {}, flatten(errors));
  return instance;
}

/**
 * class-validator's pipe, with bodies and queries checked as they arrived first (`refuseBadInput`).
 * A socket event's `@MessageBody()` reaches pipes as 'body' too (Nest maps its param type).
 */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') refuseBadInput(value, metadata.metatype, metadata.type === 'body' && !metadata.data);
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => new DomainError('VALIDATION_FAILED', HttpStatus.BAD_REQUEST, {}, flatten(errors)),
  });
}
