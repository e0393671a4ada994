import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';

import type { PublicCentre } from '@contracts/centre';

import { PortalInfo } from '../../core/auth/portal-info';

export type PortalState = 'loading' | 'ready' | 'not-found' | 'error';

/** The centre whose portal is open, loaded from its public info. */
@Injectable()
export class PortalStore {
  private readonly info = inject(PortalInfo);
  readonly slug = signal('');
  readonly centre = signal<PublicCentre | null>(null);
  readonly state = signal<PortalState>('loading');

  load(slug: string): void {
    if (slug === this.slug() && this.state() === 'ready') return;
    this.slug.set(slug);
    this.state.set('loading');
    this.info.load(slug).then(
      (centre) => {
        this.centre.set(centre);
        this.state.set('ready');
      },
      (error: unknown) => {
        this.centre.set(null);
        this.state.set(error instanceof HttpErrorResponse && error.status === 404 ? 'not-found' : 'error');
      },
    );
  }
}
