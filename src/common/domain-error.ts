import { HttpStatus } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  /** Message code from the catalogue, e.g. `field.email`. */
  code: string;
  params?: Record<string, unknown>;
}

/**
 * An error with a meaning: a stable code, the HTTP status it maps to, and optional field
 * problems. Services throw these; the problem filter renders them in the caller's language.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly params: Record<string, unknown> = {},
    readonly fields: FieldProblem[] = [],
  ) {
    super(code);
  }
}

export const notFound = (code = 'NOT_FOUND') => new DomainError(code, HttpStatus.NOT_FOUND);
export const forbidden = (code = 'FORBIDDEN') => new DomainError(code, HttpStatus.FORBIDDEN);
export const unauthenticated = (code = 'UNAUTHENTICATED') => new DomainError(code, HttpStatus.UNAUTHORIZED);
export const conflict = (code: string, fields: FieldProblem[] = []) =>
  new DomainError(code, HttpStatus.CONFLICT, {}, fields);
export const invalid = (fields: FieldProblem[], code = 'VALIDATION_FAILED') =>
  new DomainError(code, HttpStatus.BAD_REQUEST, {}, fields);
