import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';

import { AGE_GROUPS, TOPICS } from '@contracts/cases';
import { MAX_MESSAGE_LENGTH } from '@modules/mail/contracts';

import { PortalStore } from '../../areas/portal/portal.store';
import { CaseViewHost } from '../../core/features/case-hosts';
import { I18n } from '../../core/i18n/i18n.service';
import { LabelPipe } from '../../core/i18n/label.pipe';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { ActionState } from '../../shared/ui/action-state';
import { type EnquiryInput, MailApi } from './mail.api';

/** The first step into counselling: the client's concern, and optionally some routing hints. Opens a case. */
@Component({
  selector: 'bd-enquiry-form',
  imports: [LabelPipe, ReactiveFormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="card" [formGroup]="form" (ngSubmit)="submit()" novalidate aria-labelledby="enquiry-title">
      <h2 id="enquiry-title">{{ 'mail.enquiryTitle' | t }}</h2>
      <p>{{ 'mail.enquiryIntro' | t }}</p>
      <div class="field">
        <label for="enquiry-text">{{ 'mail.enquiryText' | t }}</label>
        <textarea id="enquiry-text" formControlName="text" rows="8" [attr.maxlength]="max"
          [attr.aria-invalid]="action.field('text') ? true : null" [attr.aria-describedby]="action.field('text') ? 'enquiry-text-error' : null"></textarea>
        @if (action.field('text'); as e) { <p class="field-error" id="enquiry-text-error">{{ e }}</p> }
      </div>
      <details>
        <summary>{{ 'mail.routingShow' | t }}</summary>
        <p class="hint">{{ 'mail.routingHint' | t }}</p>
        <div class="grid-form">
          <div class="field">
            <label for="enquiry-topic">{{ 'routing.topic' | t }}</label>
            <select id="enquiry-topic" formControlName="topic">
              <option value="">{{ 'mail.noAnswer' | t }}</option>
              @for (t of topics; track t) { <option [value]="t">{{ t | label: 'topic' }}</option> }
            </select>
          </div>
          <div class="field">
            <label for="enquiry-age">{{ 'routing.ageGroup' | t }}</label>
            <select id="enquiry-age" formControlName="ageGroup">
              <option value="">{{ 'mail.noAnswer' | t }}</option>
              @for (a of ageGroups; track a) { <option [value]="a">{{ a | label: 'age' }}</option> }
            </select>
          </div>
          <div class="field">
            <label for="enquiry-postcode">{{ 'routing.postcode' | t }}</label>
            <input id="enquiry-postcode" formControlName="postcode" inputmode="numeric" maxlength="5" autocomplete="postal-code"
              [attr.aria-invalid]="action.field('postcode') ? true : null" [attr.aria-describedby]="action.field('postcode') ? 'enquiry-postcode-error' : null" />
            @if (action.field('postcode'); as e) { <p class="field-error" id="enquiry-postcode-error">{{ e }}</p> }
          </div>
          <div class="field">
            <label for="enquiry-contact">{{ 'routing.preferredContact' | t }}</label>
            <select id="enquiry-contact" formControlName="preferredContact">
              <option value="">{{ 'mail.noAnswer' | t }}</option>
              @for (c of contacts(); track c) { <option [value]="c">{{ c | label: 'contact' }}</option> }
            </select>
          </div>
        </div>
      </details>
      @if (action.error(); as e) { <p class="form-error" role="alert">{{ e }}</p> }
      <button type="submit" [disabled]="action.busy()">{{ 'mail.enquirySend' | t }}</button>
    </form>
  `,
})
export class EnquiryFormComponent {
  readonly centre = input.required<string>();
  /** Shows the case the enquiry opened. */
  private readonly host = inject(CaseViewHost);
  private readonly api = inject(MailApi);
  private readonly i18n = inject(I18n);
  protected readonly action = new ActionState(this.i18n);
  protected readonly max = MAX_MESSAGE_LENGTH;
  protected readonly topics = TOPICS;
  protected readonly ageGroups = AGE_GROUPS;
  private readonly portal = inject(PortalStore);
  /** Only the ways this centre offers (its licensed channels, phone, in person). */
  protected readonly contacts = computed(() => this.portal.centre()?.contactTypes ?? []);
  protected readonly form = inject(NonNullableFormBuilder).group({
    text: ['', [Validators.required, Validators.maxLength(MAX_MESSAGE_LENGTH)]],
    topic: [''],
    ageGroup: [''],
    postcode: [''],
    preferredContact: [''],
  });

  async submit(): Promise<void> {
    const v = this.form.getRawValue();
    // An empty enquiry is answered here, with the focus on the field, not by a round trip.
    if (!v.text.trim()) {
      this.action.error.set(this.i18n.t('mail.enquiryEmpty'));
      document.getElementById('enquiry-text')?.focus();
      return;
    }
    const body: Record<string, string> = { text: v.text };
    for (const key of ['topic', 'ageGroup', 'postcode', 'preferredContact'] as const) if (v[key]) body[key] = v[key];
    let caseId = '';
    if (await this.action.run(async () => (caseId = (await this.api.enquiry(this.centre(), body as EnquiryInput)).caseId))) {
      await this.host.opened(caseId);
    } else {
      // Straight to the first field the server refused.
      const first = ['text', 'postcode'].find((f) => this.action.field(f));
      if (first) setTimeout(() => document.getElementById(`enquiry-${first}`)?.focus());
    }
  }
}
