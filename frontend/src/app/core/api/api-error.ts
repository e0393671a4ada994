import { HttpErrorResponse } from '@angular/common/http';

import type { FieldError, Problem } from '@contracts/problem';

/** A failed API call, reduced to what the UI needs: status, stable code, texts per field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string | undefined,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(code);
  }

  static from(error: unknown): ApiError {
    if (error instanceof ApiError) return error;
    if (error instanceof HttpErrorResponse) {
      if (error.status === 0) return new ApiError(0, 'OFFLINE', undefined);
      const body = error.error as Partial<Problem> | null;
      if (body && typeof body === 'object' && typeof body.code === 'string') {
        return new ApiError(error.status, body.code, body.detail, body.errors ?? []);
      }
      return new ApiError(error.status, 'HTTP_' + error.status, undefined);
    }
    return new ApiError(0, 'UNKNOWN', undefined);
  }

  /** The server's message for one field, if any. */
  field(name: string): string | undefined {
    return this.fieldErrors.find((e) => e.field === name)?.message;
  }
}
