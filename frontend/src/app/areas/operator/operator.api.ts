import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { OperatorProfile, TotpSetup } from '@contracts/accounts';
import type { Me, PlatformCentre } from '@contracts/centre';
import type { FeatureInfo, FeatureKey } from '@contracts/modules';

export interface CentreInput {
  slug: string;
  name: string;
  adminEmail: string;
  modules: FeatureKey[];
  imprint?: string | null;
  privacyText?: string | null;
  homepageUrl?: string | null;
}

export type { OperatorProfile, TotpSetup };

export type CentreChanges = Partial<Omit<CentreInput, 'slug' | 'adminEmail'>> & { suspended?: boolean };

@Injectable({ providedIn: 'root' })
export class OperatorApi {
  private readonly http = inject(HttpClient);
  private readonly base = '/api/v1/platform/centres';

  private installed?: Promise<FeatureInfo[]>;

  /** The installed modules (they change only with a new release: asked once). */
  modules(): Promise<FeatureInfo[]> {
    this.installed ??= firstValueFrom(this.http.get<FeatureInfo[]>('/api/v1/platform/modules')).catch((error: unknown) => {
      this.installed = undefined;
      throw error;
    });
    return this.installed;
  }

  /** The price list (its packages, cheapest first, with their modules). */
  pricing = () => firstValueFrom(this.http.get<{ currency: string; tiers: { id: string; name: string; modules: FeatureKey[] }[] }>('/api/v1/platform/pricing'));

  /** The operator's login; `totp` once two-factor login is set up (a code or a recovery code). */
  login = (email: string, password: string, totp?: string) =>
    firstValueFrom(this.http.post<{ me: Me; csrfToken: string }>('/api/v1/platform/auth/login', totp ? { email, password, totp } : { email, password }));
  profile = () => firstValueFrom(this.http.get<OperatorProfile>('/api/v1/platform/account'));
  beginTwoFactor = () => firstValueFrom(this.http.post<TotpSetup>('/api/v1/platform/account/two-factor/setup', null));
  confirmTwoFactor = (code: string) => firstValueFrom(this.http.post<{ recoveryCodes: string[] }>('/api/v1/platform/account/two-factor/confirm', { code }));
  newRecoveryCodes = (password: string) =>
    firstValueFrom(this.http.post<{ recoveryCodes: string[] }>('/api/v1/platform/account/two-factor/recovery-codes', { password }));

  list = () => firstValueFrom(this.http.get<PlatformCentre[]>(this.base));
  get = (slug: string) => firstValueFrom(this.http.get<PlatformCentre>(`${this.base}/${slug}`));
  create = (body: CentreInput) => firstValueFrom(this.http.post<PlatformCentre>(this.base, body));
  update = (slug: string, body: CentreChanges) => firstValueFrom(this.http.patch<PlatformCentre>(`${this.base}/${slug}`, body));
  remove = (slug: string) => firstValueFrom(this.http.delete(`${this.base}/${slug}`));
  resendInvitations = (slug: string) => firstValueFrom(this.http.post<{ sent: number }>(`${this.base}/${slug}/invitations/resend`, null));
  upload(slug: string, kind: 'logo' | 'image', file: File) {
    const form = new FormData();
    form.append('file', file);
    return firstValueFrom(this.http.put<PlatformCentre>(`${this.base}/${slug}/branding/${kind}`, form));
  }
  removeAsset = (slug: string, kind: 'logo' | 'image') => firstValueFrom(this.http.delete(`${this.base}/${slug}/branding/${kind}`));
}
