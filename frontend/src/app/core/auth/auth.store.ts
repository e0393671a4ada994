import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { Me } from '@contracts/centre';
import type { Role } from '@contracts/roles';

import { ApiError } from '../api/api-error';
import { CsrfToken } from '../api/csrf';

interface LoginResult {
  me: Me;
  csrfToken: string;
}

/** Who is logged in. Loaded once at start; updated by login and logout. */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly http = inject(HttpClient);
  private readonly csrf = inject(CsrfToken);
  private loading?: Promise<Me | null>;

  readonly me = signal<Me | null>(null);
  readonly loaded = signal(false);
  readonly role = computed<Role | null>(() => this.me()?.role ?? null);

  /** Resolves the current session once; later calls reuse the answer. */
  ensureLoaded(): Promise<Me | null> {
    this.loading ??= firstValueFrom(this.http.get<Me>('/api/v1/auth/me')).then(
      (me) => this.settle(me),
      (error: unknown) => {
        if (error instanceof HttpErrorResponse && error.status === 401) return this.settle(null);
        this.loading = undefined;
        throw ApiError.from(error);
      },
    );
    return this.loading;
  }

  async loginOperator(email: string, password: string): Promise<Me> {
    return this.finishLogin(this.http.post<LoginResult>('/api/v1/platform/auth/login', { email, password }));
  }

  async loginCentre(centre: string, login: string, password: string, totp?: string): Promise<Me> {
    const body = totp ? { login, password, totp } : { login, password };
    return this.finishLogin(this.http.post<LoginResult>(`/api/v1/centres/${encodeURIComponent(centre)}/auth/login`, body));
  }

  /** After a change that ends sessions on the server (account deleted, logged out everywhere). */
  forget(): void {
    this.csrf.reset();
    this.settle(null);
    this.loading = Promise.resolve(null);
  }

  /** Re-reads who is logged in (e.g. after two-factor setup lifted a restriction). */
  async reload(): Promise<Me | null> {
    this.loading = undefined;
    return this.ensureLoaded();
  }

  async logout(): Promise<void> {
    try {
      await firstValueFrom(this.http.post('/api/v1/auth/logout', null));
    } finally {
      this.csrf.reset();
      this.settle(null);
      this.loading = Promise.resolve(null);
    }
  }

  private async finishLogin(request: ReturnType<HttpClient['post']>): Promise<Me> {
    try {
      const result = (await firstValueFrom(request)) as LoginResult;
      this.csrf.set(result.csrfToken);
      this.settle(result.me);
      this.loading = Promise.resolve(result.me);
      return result.me;
    } catch (error) {
      throw ApiError.from(error);
    }
  }

  private settle(me: Me | null): Me | null {
    this.me.set(me);
    this.loaded.set(true);
    return me;
  }
}
