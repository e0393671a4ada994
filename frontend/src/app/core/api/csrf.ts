import { HttpClient, HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { catchError, from, switchMap, throwError } from 'rxjs';

import { I18n } from '../i18n/i18n.service';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Holds the CSRF token bound to the current session; fetched lazily, replaced on login/logout. */
@Injectable({ providedIn: 'root' })
export class CsrfToken {
  private readonly http = inject(HttpClient);
  private token?: Promise<string>;

  set(token: string): void {
    this.token = Promise.resolve(token);
  }

  reset(): void {
    this.token = undefined;
  }

  get(): Promise<string> {
    this.token ??= new Promise<string>((resolve, reject) =>
      this.http.get<{ token: string }>('/api/v1/auth/csrf').subscribe({ next: (r) => resolve(r.token), error: reject }),
    ).catch((error: unknown) => {
      this.token = undefined;
      throw error;
    });
    return this.token;
  }
}

/**
 * Every API call asks for texts in the UI language; state changes carry the CSRF token, and a
 * stale token (e.g. after the session expired) is refreshed once.
 */
export const apiInterceptor: HttpInterceptorFn = (req, next) => {
  if (!req.url.startsWith('/api/')) return next(req);
  const i18n = inject(I18n);
  const csrf = inject(CsrfToken);
  const withLang = req.clone({ setHeaders: { 'Accept-Language': i18n.acceptLanguage() } });
  if (SAFE.has(req.method)) return next(withLang);
  const send = (r: HttpRequest<unknown>) => from(csrf.get()).pipe(switchMap((token) => next(r.clone({ setHeaders: { 'X-CSRF-Token': token } }))));
  return send(withLang).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 403 && (error.error as { code?: string } | null)?.code === 'CSRF_INVALID') {
        csrf.reset();
        return send(withLang);
      }
      return throwError(() => error);
    }),
  );
};
