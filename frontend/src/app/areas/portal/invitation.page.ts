import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { ApiError } from '../../core/api/api-error';
import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { errorText } from '../../shared/ui/errors';
import { NewPasswordComponent, newPasswordGroup } from '../../shared/ui/new-password.component';
import { PortalStore } from './portal.store';

/**
 * A page behind an e-mail link that sets a password with the token from the link: the staff
 * invitation and the password reset.
 */
@Component({
  selector: 'bd-set-password-page',
  imports: [ReactiveFormsModule, RouterLink, TranslatePipe, NewPasswordComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card narrow">
      <h1>{{ (mode() === 'invitation' ? 'invitation.title' : 'reset.title') | t }}</h1>
      @if (done()) {
        <p role="status">{{ (mode() === 'invitation' ? 'invitation.done' : 'reset.done') | t }}</p>
        <a class="button" [routerLink]="['/', store.slug()]">{{ 'invitation.toLogin' | t }}</a>
      } @else if (!token()) {
        <p role="alert" class="notice">{{ 'invitation.invalid' | t }}</p>
      } @else {
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <bd-new-password [group]="form" idPrefix="set" [serverError]="serverField()" />
          @if (error(); as message) {
            <p class="form-error" role="alert">{{ message }}</p>
          }
          <button type="submit" [disabled]="busy()">{{ (mode() === 'invitation' ? 'invitation.submit' : 'reset.submit') | t }}</button>
        </form>
      }
    </section>
  `,
})
export class SetPasswordPage {
  readonly token = input<string>('');
  /** From the route: which link this page answers. */
  readonly mode = input<'invitation' | 'reset'>('invitation');
  protected readonly store = inject(PortalStore);
  private readonly http = inject(HttpClient);
  private readonly i18n = inject(I18n);
  protected readonly form = newPasswordGroup(inject(NonNullableFormBuilder));
  protected readonly busy = signal(false);
  protected readonly done = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly serverField = signal<string | null>(null);

  async submit(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.busy.set(true);
    this.error.set(null);
    this.serverField.set(null);
    const path = this.mode() === 'invitation' ? 'invitations/accept' : 'password-reset/confirm';
    try {
      await firstValueFrom(
        this.http.post(`/api/v1/centres/${encodeURIComponent(this.store.slug())}/${path}`, {
          token: this.token(),
          password: this.form.controls.password.value,
        }),
      );
      this.done.set(true);
    } catch (e) {
      this.serverField.set(ApiError.from(e).field('password') ?? null);
      this.error.set(errorText(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }
}
