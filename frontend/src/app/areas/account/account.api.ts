import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { AccountProfile, TotpSetup } from '@contracts/accounts';

export type { AccountProfile, TotpSetup };

/** The account routes of the API, for the centre the person belongs to. */
@Injectable()
export class AccountApi {
  private readonly http = inject(HttpClient);
  private base = '';

  forCentre(slug: string): this {
    this.base = `/api/v1/centres/${encodeURIComponent(slug)}/account`;
    return this;
  }

  profile = () => firstValueFrom(this.http.get<AccountProfile>(this.base));
  update = (body: Partial<Pick<AccountProfile, 'locale' | 'displayName' | 'notifyMode'>>) => firstValueFrom(this.http.patch<AccountProfile>(this.base, body));
  changePassword = (currentPassword: string, newPassword: string) =>
    firstValueFrom(this.http.put(`${this.base}/password`, { currentPassword, newPassword }));
  changeEmail = (email: string, password: string) => firstValueFrom(this.http.post(`${this.base}/email`, { email, password }));
  exportData = () => firstValueFrom(this.http.get(`${this.base}/export`, { responseType: 'blob' }));
  remove = (password: string) => firstValueFrom(this.http.delete(this.base, { body: { password } }));
  beginTwoFactor = () => firstValueFrom(this.http.post<TotpSetup>(`${this.base}/two-factor/setup`, null));
  confirmTwoFactor = (code: string) => firstValueFrom(this.http.post<{ recoveryCodes: string[] }>(`${this.base}/two-factor/confirm`, { code }));
  disableTwoFactor = (password: string) => firstValueFrom(this.http.post(`${this.base}/two-factor/disable`, { password }));
  newRecoveryCodes = (password: string) => firstValueFrom(this.http.post<{ recoveryCodes: string[] }>(`${this.base}/two-factor/recovery-codes`, { password }));
  logoutEverywhere = () => firstValueFrom(this.http.post('/api/v1/auth/logout-all', null));
}
