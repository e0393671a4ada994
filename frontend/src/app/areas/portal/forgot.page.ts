import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { firstValueFrom } from 'rxjs';

import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { errorText } from '../../shared/ui/errors';
import { PortalStore } from './portal.store';

@Component({
  selector: 'bd-forgot-page',
  imports: [ReactiveFormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card narrow">
      <h1>{{ 'forgot.title' | t }}</h1>
      @if (done()) {
        <p role="status" class="success">{{ 'forgot.done' | t }}</p>
      } @else {
        <p>{{ 'forgot.intro' | t }}</p>
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <div class="field">
            <label for="forgot-email">{{ 'common.email' | t }}</label>
            <input id="forgot-email" type="email" formControlName="email" autocomplete="email" required />
          </div>
          @if (error(); as message) {
            <p class="form-error" role="alert">{{ message }}</p>
          }
          <button type="submit" [disabled]="busy()">{{ 'forgot.submit' | t }}</button>
        </form>
      }
    </section>
  `,
})
export class ForgotPage {
  protected readonly store = inject(PortalStore);
  private readonly http = inject(HttpClient);
  private readonly i18n = inject(I18n);
  protected readonly form = inject(NonNullableFormBuilder).group({ email: ['', [Validators.required, Validators.email]] });
  protected readonly busy = signal(false);
  protected readonly done = signal(false);
  protected readonly error = signal<string | null>(null);

  async submit(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) {
      this.error.set(this.i18n.t('field.email'));
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      await firstValueFrom(this.http.post(`/api/v1/centres/${encodeURIComponent(this.store.slug())}/password-reset`, this.form.getRawValue()));
      this.done.set(true);
    } catch (e) {
      this.error.set(errorText(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }
}
