import { ChangeDetectionStrategy, Component, inject, input, type OnInit, signal, ViewEncapsulation } from '@angular/core';

import { MAX_BIO_LENGTH, type CrisisView, type ProfileView } from '@modules/scheduling/contracts';

import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { ActionState } from '../../shared/ui/action-state';
import { SchedulingApi } from './scheduling.api';

/** In a counsellor's account: crisis duty, and how they appear on the team page. */
@Component({
  selector: 'bd-crisis-panel',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The feature's styles come with its pages and apply to every part of it once loaded.
  styleUrl: './scheduling.css',
  encapsulation: ViewEncapsulation.None,
  template: `
    <section class="card" aria-labelledby="crisis-title">
      <h2 id="crisis-title">{{ 'scheduling.crisisTitle' | t }}</h2>
      <p class="hint">{{ 'scheduling.crisisHint' | t }}</p>
      @if (crisis(); as c) {
        <p [class.success]="c.active" role="status">
          {{ (c.active ? (c.until ? 'scheduling.crisisOnUntil' : 'scheduling.crisisOn') : 'scheduling.crisisOff') | t: { until: until(c) } }}
        </p>
        @if (c.active) {
          <button type="button" class="secondary" (click)="set(false)" [disabled]="action.busy()">{{ 'scheduling.crisisStop' | t }}</button>
        } @else {
          <div class="inline-form">
            <div class="field">
              <label for="crisis-until">{{ 'scheduling.crisisUntilLabel' | t }} <span class="hint">({{ 'common.optional' | t }})</span></label>
              <input id="crisis-until" type="datetime-local" [value]="untilInput()" (input)="untilInput.set($any($event.target).value)" />
              @if (action.field('until'); as e) { <p class="field-error">{{ e }}</p> }
            </div>
            <button type="button" (click)="set(true)" [disabled]="action.busy()">{{ 'scheduling.crisisStart' | t }}</button>
          </div>
        }
      }
      @if (action.error(); as e) { <p class="form-error" role="alert">{{ e }}</p> }
    </section>

    <section class="card" aria-labelledby="team-profile-title">
      <h2 id="team-profile-title">{{ 'scheduling.teamProfile' | t }}</h2>
      @if (profile(); as p) {
        @if (p.hiddenByAdmin) { <p class="notice">{{ 'scheduling.hiddenByAdmin' | t }}</p> }
        <div class="field checkbox">
          <input id="team-visible" type="checkbox" [checked]="p.teamVisible" (change)="visible.set($any($event.target).checked)" />
          <label for="team-visible">{{ 'scheduling.teamVisible' | t }}</label>
        </div>
        <div class="field">
          <label for="team-bio">{{ 'scheduling.bio' | t }}</label>
          <textarea id="team-bio" rows="5" [attr.maxlength]="maxBio" [value]="bio()" (input)="bio.set($any($event.target).value)"></textarea>
        </div>
        <button type="button" class="secondary" (click)="saveProfile()" [disabled]="action.busy()">{{ 'common.save' | t }}</button>
        <div class="field photo-field">
          @if (p.photoUrl) { <img class="team-photo" [src]="p.photoUrl" [alt]="'scheduling.yourPhoto' | t" width="120" height="120" /> }
          <label for="team-photo">{{ 'scheduling.photo' | t }}</label>
          <input id="team-photo" type="file" accept="image/jpeg,image/png,image/webp" (change)="upload($any($event.target).files?.[0])" aria-describedby="team-photo-hint" />
          <p class="hint" id="team-photo-hint">{{ 'scheduling.photoHint' | t }}</p>
          @if (p.photoUrl) { <button type="button" class="small secondary" (click)="removePhoto()">{{ 'scheduling.photoRemove' | t }}</button> }
        </div>
      }
      @if (action.notice(); as n) { <p class="success" role="status">{{ n }}</p> }
    </section>
  `,
})
export class CrisisPanelComponent implements OnInit {
  readonly centre = input.required<string>();
  private readonly api = inject(SchedulingApi);
  private readonly i18n = inject(I18n);
  protected readonly action = new ActionState(this.i18n);
  protected readonly maxBio = MAX_BIO_LENGTH;
  protected readonly crisis = signal<CrisisView | null>(null);
  protected readonly profile = signal<ProfileView | null>(null);
  protected readonly untilInput = signal('');
  protected readonly visible = signal(false);
  protected readonly bio = signal('');

  ngOnInit(): void {
    void this.action.run(async () => {
      const [crisis, profile] = await Promise.all([this.api.crisis(this.centre()), this.api.profile(this.centre())]);
      this.crisis.set(crisis);
      this.show(profile);
    });
  }

  private show(p: ProfileView): void {
    this.profile.set(p);
    this.visible.set(p.teamVisible);
    this.bio.set(p.bio ?? '');
  }

  protected until(c: CrisisView): string {
    return c.until ? new Intl.DateTimeFormat(this.i18n.lang() === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(new Date(c.until)) : '';
  }

  async set(active: boolean): Promise<void> {
    const until = active && this.untilInput() ? new Date(this.untilInput()).toISOString() : null;
    await this.action.run(async () => this.crisis.set(await this.api.setCrisis(this.centre(), active, until)));
  }

  async saveProfile(): Promise<void> {
    await this.action.run(async () => this.show(await this.api.saveProfile(this.centre(), { teamVisible: this.visible(), bio: this.bio().trim() || null })), this.i18n.t('common.saved'));
  }

  async upload(file: File | undefined): Promise<void> {
    if (!file) return;
    await this.action.run(async () => this.show(await this.api.putPhoto(this.centre(), file)), this.i18n.t('scheduling.photoSaved'));
  }

  async removePhoto(): Promise<void> {
    await this.action.run(async () => {
      await this.api.deletePhoto(this.centre());
      this.show(await this.api.profile(this.centre()));
    });
  }
}
