import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import type { PublicCentre } from '@contracts/centre';

/** The public info of centres, fetched once per visit (and refreshed when asked). */
@Injectable({ providedIn: 'root' })
export class PortalInfo {
  private readonly http = inject(HttpClient);
  private readonly cache = new Map<string, Promise<PublicCentre>>();

  load(slug: string, fresh = false): Promise<PublicCentre> {
    if (fresh || !this.cache.has(slug)) {
      const request = firstValueFrom(this.http.get<PublicCentre>(`/api/v1/centres/${encodeURIComponent(slug)}`));
      request.catch(() => this.cache.delete(slug));
      this.cache.set(slug, request);
    }
    return this.cache.get(slug)!;
  }
}
