import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';

import type { PublicCentre } from '@contracts/centre';

export type PortalState = 'loading' | 'ready' | 'not-found' | 'error';

/** The centre whose portal is open, loaded from its public info. */
@Injectable()
export class PortalStore {
  private readonly http = inject(HttpClient);
  readonly slug = signal('');
  readonly centre = signal<PublicCentre | null>(null);
  readonly state = signal<PortalState>('loading');

  load(slug: string): void {
    if (slug === this.slug() && this.state() === 'ready') return;
    this.slug.set(slug);
    this.state.set('loading');
    this.http.get<PublicCentre>(`/api/v1/centres/${encodeURIComponent(slug)}`).subscribe({
      next: (centre) => {
        this.centre.set(centre);
        this.state.set('ready');
      },
      error: (error: unknown) => {
        this.centre.set(null);
        this.state.set(error instanceof HttpErrorResponse && error.status === 404 ? 'not-found' : 'error');
      },
    });
  }
}
