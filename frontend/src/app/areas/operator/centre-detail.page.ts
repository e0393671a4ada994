import { ChangeDetectionStrategy, Component, inject, input, type OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';

import type { PlatformCentre } from '@contracts/centre';
import type { FeatureKey } from '@contracts/modules';

import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { ActionState } from '../../shared/ui/action-state';
import { euro } from './format';
import { FeatureSettingsComponent } from './feature-settings.component';
import { ModulePickerComponent } from './module-picker.component';
import { OperatorApi } from './operator.api';

/** One centre: name, modules (with the resulting package and fee), branding, suspension, deletion. */
@Component({
  selector: 'bd-centre-detail',
  imports: [ReactiveFormsModule, RouterLink, TranslatePipe, ModulePickerComponent, FeatureSettingsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p><a routerLink="/operator">← {{ 'operator.back' | t }}</a></p>
    @if (centre(); as c) {
      <h1>{{ c.name }} <small>/{{ c.slug }}</small></h1>
      @if (action.notice(); as n) { <p role="status" class="success">{{ n }}</p> }
      @if (action.error(); as e) { <p role="alert" class="form-error">{{ e }}</p> }
      <p class="facts-inline">
        <strong>{{ c.tier?.name ?? ('operator.noTier' | t) }}</strong> ·
        {{ money(c.annualFee) }} {{ 'operator.perYear' | t }} · {{ 'operator.setupFee' | t }} {{ money(c.setupFee) }} ·
        {{ (c.suspended ? 'operator.status.suspended' : 'operator.status.active') | t }}
      </p>

      <section class="card">
        <h2>{{ 'operator.edit' | t }}</h2>
        <form [formGroup]="form" (ngSubmit)="save()" novalidate>
          <div class="grid-form">
            <div class="field">
              <label for="e-name">{{ 'operator.col.name' | t }}</label>
              <input id="e-name" formControlName="name" />
              @if (action.field('name'); as e) { <p class="field-error">{{ e }}</p> }
            </div>
            <div class="field">
              <label for="e-home">{{ 'operator.homepageUrl' | t }}</label>
              <input id="e-home" type="url" formControlName="homepageUrl" />
              @if (action.field('homepageUrl'); as e) { <p class="field-error">{{ e }}</p> }
            </div>
          </div>
          <bd-module-picker [value]="modules()" idPrefix="e-mod" (changed)="modules.set($event)" />
          <div class="field">
            <label for="e-imprint">{{ 'operator.imprint' | t }}</label>
            <textarea id="e-imprint" formControlName="imprint" rows="5"></textarea>
          </div>
          <div class="field">
            <label for="e-privacy">{{ 'operator.privacyText' | t }}</label>
            <textarea id="e-privacy" formControlName="privacyText" rows="5"></textarea>
          </div>
          <button type="submit" [disabled]="action.busy()">{{ 'operator.save' | t }}</button>
        </form>
      </section>

      <bd-feature-settings [slug]="c.slug" [modules]="c.modules" />

      <section class="card">
        <h2>{{ 'operator.logo' | t }} / {{ 'operator.image' | t }}</h2>
        <p class="hint">{{ 'operator.uploadHint' | t }}</p>
        @for (kind of kinds; track kind) {
          <div class="field">
            <label [for]="'up-' + kind">{{ (kind === 'logo' ? 'operator.logo' : 'operator.image') | t }}</label>
            <input [id]="'up-' + kind" type="file" accept="image/png,image/jpeg,image/webp" (change)="upload(kind, $any($event.target).files?.[0])" />
            @if (kind === 'logo' ? c.hasLogo : c.hasImage) {
              <button type="button" class="small secondary" (click)="removeAsset(kind)">{{ 'operator.removeImage' | t }}</button>
            }
          </div>
        }
      </section>

      <section class="card">
        <div class="button-row">
          <button type="button" class="secondary" (click)="toggleSuspended(c)" [disabled]="action.busy()">
            {{ (c.suspended ? 'operator.unsuspend' : 'operator.suspend') | t }}
          </button>
          <button type="button" class="secondary" (click)="resend()" [disabled]="action.busy()">{{ 'operator.resendInvitation' | t }}</button>
        </div>
      </section>

      <section class="card danger-zone">
        <h2>{{ 'operator.delete' | t }}</h2>
        <form (ngSubmit)="remove(c)" novalidate>
          <div class="field">
            <label for="del-slug">{{ 'operator.deleteHint' | t: { slug: c.slug } }}</label>
            <input id="del-slug" name="confirm" autocomplete="off" [value]="confirmSlug()" (input)="confirmSlug.set($any($event.target).value)" />
          </div>
          <button type="submit" class="danger" [disabled]="action.busy() || confirmSlug() !== c.slug">{{ 'operator.delete' | t }}</button>
        </form>
      </section>
    } @else {
      <p role="status">{{ 'common.loading' | t }}</p>
    }
  `,
})
export class CentreDetailPage implements OnInit {
  readonly slug = input.required<string>();
  private readonly api = inject(OperatorApi);
  private readonly i18n = inject(I18n);
  private readonly router = inject(Router);
  protected readonly kinds = ['logo', 'image'] as const;
  protected readonly centre = signal<PlatformCentre | null>(null);
  protected readonly modules = signal<FeatureKey[]>([]);
  protected readonly action = new ActionState(inject(I18n));
  protected readonly confirmSlug = signal('');
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    homepageUrl: [''],
    imprint: [''],
    privacyText: [''],
  });

  ngOnInit(): void {
    void this.run(async () => this.show(await this.api.get(this.slug())));
  }

  private show(c: PlatformCentre): void {
    this.centre.set(c);
    this.modules.set(c.modules);
    this.form.setValue({ name: c.name, homepageUrl: c.homepageUrl ?? '', imprint: c.imprint ?? '', privacyText: c.privacyText ?? '' });
  }

  protected money(amount: number): string {
    return euro(this.i18n, amount);
  }

  private run(work: () => Promise<unknown>, done?: string): Promise<boolean> {
    return this.action.run(work, done);
  }

  async save(): Promise<void> {
    const v = this.form.getRawValue();
    await this.run(async () => {
      this.show(
        await this.api.update(this.slug(), {
          name: v.name,
          modules: this.modules(),
          homepageUrl: v.homepageUrl || null,
          imprint: v.imprint || null,
          privacyText: v.privacyText || null,
        }),
      );
    }, this.i18n.t('common.saved'));
  }

  async toggleSuspended(c: PlatformCentre): Promise<void> {
    await this.run(async () => this.show(await this.api.update(c.slug, { suspended: !c.suspended })), this.i18n.t('common.saved'));
  }

  async resend(): Promise<void> {
    let sent = 0;
    await this.run(async () => (sent = (await this.api.resendInvitations(this.slug())).sent));
    this.action.notice.set(this.i18n.t('operator.invitationsSent', { count: sent }));
  }

  async upload(kind: 'logo' | 'image', file: File | undefined): Promise<void> {
    if (!file) return;
    await this.run(async () => this.show(await this.api.upload(this.slug(), kind, file)), this.i18n.t('common.saved'));
  }

  async removeAsset(kind: 'logo' | 'image'): Promise<void> {
    await this.run(async () => {
      await this.api.removeAsset(this.slug(), kind);
      this.show(await this.api.get(this.slug()));
    }, this.i18n.t('common.saved'));
  }

  async remove(c: PlatformCentre): Promise<void> {
    if (this.confirmSlug() !== c.slug) return;
    if (await this.run(() => this.api.remove(c.slug))) await this.router.navigateByUrl('/operator');
  }
}
