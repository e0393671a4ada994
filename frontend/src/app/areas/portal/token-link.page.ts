import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, type OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import type { TextKey } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { PortalStore } from './portal.store';

/** What a route gives the page (as inputs): where to send the token and what to say. */
export interface TokenLinkData {
  endpoint: string;
  titleKey: TextKey;
  doneKey: TextKey;
  invalidKey?: TextKey;
}

/** Opens a confirmation link (registration, new e-mail address) and says how it went. */
@Component({
  selector: 'bd-token-link-page',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card narrow">
      <h1>{{ titleKey() | t }}</h1>
      @switch (state()) {
        @case ('working') {
          <p role="status">{{ 'confirm.working' | t }}</p>
        }
        @case ('done') {
          <p role="status">{{ doneKey() | t }}</p>
          <a class="button" [routerLink]="['/', store.slug()]">{{ 'invitation.toLogin' | t }}</a>
        }
        @case ('invalid') {
          <p role="alert" class="notice">{{ invalidKey() | t }}</p>
        }
      }
    </section>
  `,
})
export class TokenLinkPage implements OnInit {
  readonly token = input<string>('');
  readonly centre = input.required<string>();
  readonly endpoint = input.required<string>();
  readonly titleKey = input.required<TextKey>();
  readonly doneKey = input.required<TextKey>();
  readonly invalidKey = input<TextKey>('confirm.invalid');
  protected readonly store = inject(PortalStore);
  private readonly http = inject(HttpClient);
  protected readonly state = signal<'working' | 'done' | 'invalid'>('working');

  ngOnInit(): void {
    if (!this.token()) {
      this.state.set('invalid');
      return;
    }
    firstValueFrom(this.http.post(`/api/v1/centres/${encodeURIComponent(this.centre())}/${this.endpoint()}`, { token: this.token() })).then(
      () => this.state.set('done'),
      () => this.state.set('invalid'),
    );
  }
}
