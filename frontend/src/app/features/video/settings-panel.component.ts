import { ChangeDetectionStrategy, Component, inject, input, type OnInit, signal, ViewEncapsulation } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';

import { MIN_JITSI_SECRET_LENGTH, type VideoSettingsView } from '@modules/video/contracts';

import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { ActionState } from '../../shared/ui/action-state';
import { VideoApi } from './video.api';

/**
 * Which Jitsi Meet the centre's video rooms run on: the server's defaults, or the centre's own
 * (host name, app id, secret). The secret is never shown again once saved.
 */
@Component({
  selector: 'bd-video-settings',
  imports: [ReactiveFormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The feature's styles come with its pages and apply to every part of it once loaded.
  styleUrl: './video.css',
  encapsulation: ViewEncapsulation.None,
  template: `
    <section class="card video-settings" aria-labelledby="video-settings-title">
      <h2 id="video-settings-title">{{ 'video.settings.title' | t }}</h2>
      @if (view(); as v) {
        <p>{{ (v.source === 'own' ? 'video.settings.own' : v.source === 'server' ? 'video.settings.server' : 'video.settings.none') | t: { domain: v.domain ?? '' } }}</p>
        @if (action.notice(); as n) { <p class="success" role="status">{{ n }}</p> }
        @if (action.error(); as e) { <p class="form-error" role="alert">{{ e }}</p> }
        <form [formGroup]="form" (ngSubmit)="save()" class="grid-form" novalidate>
          <div class="field">
            <label for="jitsi-domain">{{ 'video.settings.domain' | t }}</label>
            <input id="jitsi-domain" formControlName="domain" autocomplete="off" spellcheck="false" [placeholder]="'meet.beratung.example'" aria-describedby="jitsi-domain-hint" />
            <p class="hint" id="jitsi-domain-hint">{{ 'video.settings.domainHint' | t }}</p>
            @if (action.field('domain'); as e) { <p class="field-error">{{ e }}</p> }
          </div>
          <div class="field">
            <label for="jitsi-app">{{ 'video.settings.appId' | t }}</label>
            <input id="jitsi-app" formControlName="appId" autocomplete="off" spellcheck="false" />
            @if (action.field('appId'); as e) { <p class="field-error">{{ e }}</p> }
          </div>
          <div class="field">
            <label for="jitsi-secret">{{ 'video.settings.secret' | t }}</label>
            <input id="jitsi-secret" type="password" formControlName="secret" autocomplete="new-password" aria-describedby="jitsi-secret-hint" />
            <p class="hint" id="jitsi-secret-hint">{{ (v.source === 'own' ? 'video.settings.secretKeep' : 'video.settings.secretHint') | t: { min: minSecret } }}</p>
            @if (action.field('secret'); as e) { <p class="field-error">{{ e }}</p> }
          </div>
          <div class="button-row">
            <button type="submit" [disabled]="action.busy()">{{ 'video.settings.save' | t }}</button>
            @if (v.source === 'own') {
              <button type="button" class="secondary" (click)="clear()" [disabled]="action.busy()">{{ 'video.settings.clear' | t }}</button>
            }
          </div>
        </form>
      } @else {
        <p role="status">{{ 'common.loading' | t }}</p>
      }
    </section>
  `,
})
export class VideoSettingsPanel implements OnInit {
  readonly centre = input.required<string>();
  private readonly api = inject(VideoApi);
  private readonly i18n = inject(I18n);
  protected readonly action = new ActionState(this.i18n);
  protected readonly minSecret = MIN_JITSI_SECRET_LENGTH;
  protected readonly view = signal<VideoSettingsView | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({ domain: ['', Validators.required], appId: ['', Validators.required], secret: [''] });

  ngOnInit(): void {
    void this.action.run(async () => this.show(await this.api.settings(this.centre())));
  }

  private show(view: VideoSettingsView): void {
    this.view.set(view);
    this.form.setValue({ domain: view.source === 'own' ? (view.domain ?? '') : '', appId: view.source === 'own' ? (view.appId ?? '') : '', secret: '' });
  }

  async save(): Promise<void> {
    const { domain, appId, secret } = this.form.getRawValue();
    await this.action.run(
      async () => this.show(await this.api.saveSettings(this.centre(), { domain: domain.trim(), appId: appId.trim(), ...(secret ? { secret } : {}) })),
      this.i18n.t('common.saved'),
    );
  }

  async clear(): Promise<void> {
    await this.action.run(async () => {
      await this.api.clearSettings(this.centre());
      this.show(await this.api.settings(this.centre()));
    }, this.i18n.t('common.saved'));
  }
}
