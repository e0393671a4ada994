import { ChangeDetectionStrategy, Component, inject, type OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';

import type { PlatformCentre } from '@contracts/centre';
import type { FeatureKey } from '@contracts/modules';

import { I18n } from '../../core/i18n/i18n.service';
import { FEATURES } from '../../features/registry';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { ActionState } from '../../shared/ui/action-state';
import { euro, moduleNames } from './format';
import { ModulePickerComponent } from './module-picker.component';
import { OperatorApi } from './operator.api';

/** All centres with their package and fee; creating a new one. */
@Component({
  selector: 'bd-operator-console',
  imports: [ReactiveFormsModule, RouterLink, TranslatePipe, ModulePickerComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'operator.title' | t }}</h1>
    @if (action.notice(); as n) { <p role="status" class="success">{{ n }}</p> }
    @if (centres(); as list) {
      @if (list.length === 0) {
        <p>{{ 'operator.empty' | t }}</p>
      } @else {
        <div class="table-scroll">
          <table class="data responsive">
            <thead>
              <tr>
                <th scope="col">{{ 'operator.col.name' | t }}</th>
                <th scope="col">{{ 'operator.col.address' | t }}</th>
                <th scope="col">{{ 'operator.col.modules' | t }}</th>
                <th scope="col">{{ 'operator.col.tier' | t }}</th>
                <th scope="col" class="num">{{ 'operator.col.fee' | t }}</th>
                <th scope="col">{{ 'operator.col.status' | t }}</th>
              </tr>
            </thead>
            <tbody>
              @for (c of list; track c.id) {
                <tr>
                  <td [attr.data-label]="'operator.col.name' | t"><a [routerLink]="['/operator/centres', c.slug]">{{ c.name }}</a></td>
                  <td [attr.data-label]="'operator.col.address' | t"><a [href]="'/' + c.slug">/{{ c.slug }}</a></td>
                  <td [attr.data-label]="'operator.col.modules' | t">{{ names(c.modules) }}</td>
                  <td [attr.data-label]="'operator.col.tier' | t">{{ c.tier?.name ?? ('operator.noTier' | t) }}</td>
                  <td [attr.data-label]="'operator.col.fee' | t" class="num">{{ money(c.annualFee) }}</td>
                  <td [attr.data-label]="'operator.col.status' | t">{{ (c.suspended ? 'operator.status.suspended' : 'operator.status.active') | t }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    } @else {
      <p role="status">{{ 'common.loading' | t }}</p>
    }

    <section class="card" aria-labelledby="create-title">
      <h2 id="create-title">{{ 'operator.create' | t }}</h2>
      <form [formGroup]="form" (ngSubmit)="create()" novalidate>
        <div class="grid-form">
          <div class="field">
            <label for="c-name">{{ 'operator.col.name' | t }}</label>
            <input id="c-name" formControlName="name" />
            @if (action.field('name'); as e) { <p class="field-error">{{ e }}</p> }
          </div>
          <div class="field">
            <label for="c-slug">{{ 'operator.slug' | t }}</label>
            <input id="c-slug" formControlName="slug" autocapitalize="off" spellcheck="false" aria-describedby="c-slug-hint" />
            <p class="hint" id="c-slug-hint">{{ 'operator.slugHint' | t }}</p>
            @if (action.field('slug'); as e) { <p class="field-error">{{ e }}</p> }
          </div>
          <div class="field">
            <label for="c-admin">{{ 'operator.adminEmail' | t }}</label>
            <input id="c-admin" type="email" formControlName="adminEmail" aria-describedby="c-admin-hint" />
            <p class="hint" id="c-admin-hint">{{ 'operator.adminEmailHint' | t }}</p>
            @if (action.field('adminEmail'); as e) { <p class="field-error">{{ e }}</p> }
          </div>
          <div class="field">
            <label for="c-home">{{ 'operator.homepageUrl' | t }}</label>
            <input id="c-home" type="url" formControlName="homepageUrl" placeholder="https://" />
            @if (action.field('homepageUrl'); as e) { <p class="field-error">{{ e }}</p> }
          </div>
        </div>
        <bd-module-picker [value]="modules()" idPrefix="c-mod" (changed)="modules.set($event)" />
        <div class="field">
          <label for="c-imprint">{{ 'operator.imprint' | t }}</label>
          <textarea id="c-imprint" formControlName="imprint" rows="5"></textarea>
        </div>
        <div class="field">
          <label for="c-privacy">{{ 'operator.privacyText' | t }}</label>
          <textarea id="c-privacy" formControlName="privacyText" rows="5"></textarea>
        </div>
        @if (action.error(); as e) { <p class="form-error" role="alert">{{ e }}</p> }
        <button type="submit" [disabled]="action.busy()">{{ 'operator.createSubmit' | t }}</button>
      </form>
    </section>
  `,
})
export class OperatorConsolePage implements OnInit {
  private readonly api = inject(OperatorApi);
  private readonly i18n = inject(I18n);
  protected readonly centres = signal<PlatformCentre[] | null>(null);
  /** A new centre starts with the first package of the price list (the base), as far as installed. */
  protected readonly modules = signal<FeatureKey[]>([]);
  protected readonly action = new ActionState(inject(I18n));
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    slug: ['', [Validators.required, Validators.pattern(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/)]],
    adminEmail: ['', [Validators.required, Validators.email]],
    homepageUrl: [''],
    imprint: [''],
    privacyText: [''],
  });

  ngOnInit(): void {
    void this.load();
    void this.api.pricing().then(
      (pricing) => this.modules.set((pricing.tiers[0]?.modules ?? []).filter((key) => FEATURES.some((f) => f.key === key))),
      () => this.modules.set(FEATURES.map((f) => f.key)),
    );
  }

  private async load(): Promise<void> {
    this.centres.set(await this.api.list());
  }

  protected names(modules: FeatureKey[]): string {
    return moduleNames(this.i18n, modules);
  }

  protected money(amount: number): string {
    return euro(this.i18n, amount);
  }

  async create(): Promise<void> {
    this.form.markAllAsTouched();
    const v = this.form.getRawValue();
    let name = '';
    const ok = await this.action.run(async () => {
      const created = await this.api.create({
        ...v,
        modules: this.modules(),
        homepageUrl: v.homepageUrl || null,
        imprint: v.imprint || null,
        privacyText: v.privacyText || null,
      });
      name = created.name;
      this.form.reset();
      await this.load();
    });
    if (ok) this.action.notice.set(this.i18n.t('operator.created', { name }));
  }
}
