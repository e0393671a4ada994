import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { UserSummary } from '@contracts/accounts';
import type { CentreRole } from '@contracts/roles';

export type { UserSummary };


export type UserFilter = { role?: CentreRole; status?: UserSummary['status']; idle?: boolean };

@Injectable()
export class AdminApi {
  private readonly http = inject(HttpClient);
  private base = '';

  forCentre(slug: string): this {
    this.base = `/api/v1/centres/${encodeURIComponent(slug)}`;
    return this;
  }

  users(filter: UserFilter): Promise<UserSummary[]> {
    const params: Record<string, string> = {};
    if (filter.role) params['role'] = filter.role;
    if (filter.status) params['status'] = filter.status;
    if (filter.idle) params['idle'] = 'true';
    return firstValueFrom(this.http.get<UserSummary[]>(`${this.base}/users`, { params }));
  }

  invite = (body: { name: string; email: string; role: 'counsellor' | 'admin' }) => firstValueFrom(this.http.post<UserSummary>(`${this.base}/staff`, body));
  setActive = (id: string, active: boolean) =>
    firstValueFrom(this.http.post<UserSummary>(`${this.base}/users/${id}/${active ? 'reactivate' : 'deactivate'}`, null));
  remove = (id: string) => firstValueFrom(this.http.delete(`${this.base}/users/${id}`));
  resend = (id: string) => firstValueFrom(this.http.post(`${this.base}/users/${id}/invitation`, null));
  purge = () => firstValueFrom(this.http.post<{ deleted: number }>(`${this.base}/users/purge-unconfirmed`, null));
  settings = () => firstValueFrom(this.http.get<{ staffTwoFactorRequired: boolean }>(`${this.base}/settings`));
  saveSettings = (body: { staffTwoFactorRequired: boolean }) =>
    firstValueFrom(this.http.put<{ staffTwoFactorRequired: boolean }>(`${this.base}/settings`, body));
}
