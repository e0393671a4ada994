import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';

import type { PublicCentre } from '@contracts/centre';

import { PortalInfo } from '../../core/auth/portal-info';
import { FEATURES } from '../../features/registry';

export type PortalState = 'loading' | 'ready' | 'not-found' | 'error';

/** The centre whose portal is open, loaded from its public info. */
@Injectable()
export class PortalStore {
  private readonly info = inject(PortalInfo);
  readonly slug = signal('');
  readonly centre = signal<PublicCentre | null>(null);
  readonly state = signal<PortalState>('loading');
  /** The registered features this centre licenses, in the registry's order. */
  readonly features = computed(() => {
    const licensed = this.centre()?.modules ?? [];
    return FEATURES.filter((f) => licensed.includes(f.key));
  });

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
