import { HttpErrorResponse } from '@angular/common/http';

import { ApiError } from './api-error';

describe('ApiError', () => {
  it('reads problem details with field errors', () => {
    const error = ApiError.from(
      new HttpErrorResponse({
        status: 400,
        error: { code: 'VALIDATION_FAILED', detail: 'Ungültig', errors: [{ field: 'email', code: 'field.email', message: 'Bitte …' }] },
      }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.field('email')).toBe('Bitte …');
    expect(error.field('name')).toBeUndefined();
  });

  it('recognises a lost connection', () => {
    expect(ApiError.from(new HttpErrorResponse({ status: 0 })).code).toBe('OFFLINE');
  });
});
