import { ChangeDetectionStrategy, Component, type OnDestroy, type OnInit, inject, input, signal, ViewEncapsulation } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';

import { GUEST_POLL_SECONDS, MAX_GUEST_NAME_LENGTH, type VideoGuestRoomView, type VideoJoinView } from '@modules/video/contracts';

import { ApiError } from '../../core/api/api-error';
import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { errorText } from '../../shared/ui/errors';
import { VideoCallComponent } from './call.component';
import { VideoConsentComponent } from './consent.component';
import { DeviceCheckComponent } from './device-check.component';
import { browserSupportsE2ee } from './encryption';
import { VideoApi } from './video.api';

type Step = 'loading' | 'invalid' | 'expired' | 'ready' | 'waiting' | 'call' | 'left';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A guest's way into a video room, from the link a counsellor handed out: no account, a name
 * to be shown, the consent text to confirm, a device check, then the call once the counsellor is
 * there. The link's secret stays in the address's fragment, which the browser never sends.
 * Guests have no live connection: the page asks every few seconds while it waits, and during
 * the call for the encryption in force.
 */
@Component({
  selector: 'bd-video-guest-page',
  imports: [ReactiveFormsModule, TranslatePipe, DeviceCheckComponent, VideoConsentComponent, VideoCallComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The feature's styles come with its pages and apply to every part of it once loaded.
  styleUrl: './video.css',
  encapsulation: ViewEncapsulation.None,
  template: `
    <h1>{{ 'video.guest.title' | t }}</h1>
    @if (error(); as e) { <p role="alert" class="form-error">{{ e }}</p> }
    @switch (step()) {
      @case ('loading') { <p role="status">{{ 'common.loading' | t }}</p> }
      @case ('invalid') { <p role="alert" class="notice">{{ 'video.guest.invalid' | t }}</p> }
      @case ('expired') { <p role="alert" class="notice">{{ 'video.guest.expired' | t }}</p> }
      @case ('ready') {
        @if (room(); as r) {
          <p class="lead">{{ 'video.guest.invited' | t: { counsellor: r.counsellorName, centre: r.centreName } }}</p>
          <p>{{ (r.hostPresent ? 'video.guest.hostThere' : 'video.guest.hostNotThere') | t }}</p>
          <form [formGroup]="form" class="card" (ngSubmit)="named()" novalidate>
            <div class="field">
              <label for="guest-name">{{ 'video.guest.name' | t }}</label>
              <input id="guest-name" formControlName="displayName" [maxlength]="maxName" autocomplete="name" aria-describedby="guest-name-hint" [attr.aria-invalid]="nameError() ? true : null" />
              <p id="guest-name-hint" class="hint">{{ 'video.guest.nameHint' | t }}</p>
              @if (nameError(); as e) { <p class="field-error" role="alert">{{ e }}</p> }
            </div>
          </form>
          <bd-device-check [audioOnly]="r.options.audioOnly" />
          <bd-video-consent [text]="r.consent" [busy]="busy()" submitLabel="video.guest.consentSubmit" (accepted)="join($event)" />
        }
      }
      @case ('waiting') {
        <div class="card waiting" role="status" aria-live="polite">
          <h2>{{ 'video.waitingTitle' | t }}</h2>
          <p>{{ 'video.guest.waiting' | t }}</p>
        </div>
      }
      @case ('call') {
        @if (joinView(); as j) {
          <bd-video-call [join]="j" [hostE2ee]="hostE2ee()" (joined)="inCall($event)" (someoneJoined)="tellHostAgain()" (left)="left()" />
        }
      }
      @case ('left') {
        <div class="card">
          <p role="status">{{ 'video.left' | t }}</p>
          <button type="button" (click)="again()">{{ 'video.rejoin' | t }}</button>
        </div>
      }
    }
  `,
})
export class VideoGuestPage implements OnInit, OnDestroy {
  readonly centre = input.required<string>();
  private readonly api = inject(VideoApi);
  private readonly i18n = inject(I18n);
  protected readonly maxName = MAX_GUEST_NAME_LENGTH;
  protected readonly step = signal<Step>('loading');
  protected readonly room = signal<VideoGuestRoomView | null>(null);
  protected readonly joinView = signal<VideoJoinView | null>(null);
  protected readonly hostE2ee = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly nameError = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({ displayName: ['', [Validators.required, Validators.maxLength(MAX_GUEST_NAME_LENGTH)]] });
  private token = '';
  private consentVersion = '';
  private jitsiId: string | null = null;
  private poll?: ReturnType<typeof setInterval>;
  private retell?: ReturnType<typeof setTimeout>;

  ngOnInit(): void {
    this.token = window.location.hash.slice(1);
    if (!TOKEN.test(this.token)) {
      this.step.set('invalid');
      return;
    }
    void this.refresh().then(() => {
      if (this.room()) this.step.set('ready');
    });
  }

  /** The room as the link shows it now; says so when the link is no longer valid. */
  private async refresh(): Promise<void> {
    try {
      const room = await this.api.guestRoom(this.centre(), this.token);
      this.room.set(room);
      this.hostE2ee.set(room.hostPresent && room.e2ee);
    } catch (e) {
      const problem = ApiError.from(e);
      this.stopPolling();
      if (problem.code === 'VIDEO_GUEST_LINK_EXPIRED') this.step.set('expired');
      else if (problem.code === 'VIDEO_GUEST_LINK_INVALID' || problem.status === 404 || problem.status === 400) this.step.set('invalid');
      else this.error.set(errorText(e, this.i18n));
    }
  }

  protected named(): void {
    this.checkName();
  }

  private checkName(): boolean {
    const control = this.form.controls.displayName;
    control.setValue(control.value.trim());
    const error = control.hasError('required') ? this.i18n.t('video.guest.nameRequired') : control.hasError('maxlength') ? this.i18n.t('video.guest.nameTooLong', { max: MAX_GUEST_NAME_LENGTH }) : null;
    this.nameError.set(error);
    if (error) document.getElementById('guest-name')?.focus();
    return !error;
  }

  async join(consentVersion: string): Promise<void> {
    if (!this.checkName()) return;
    this.consentVersion = consentVersion;
    await this.enter();
  }

  private async enter(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      const join = await this.api.guestJoin(this.centre(), { token: this.token, displayName: this.form.controls.displayName.value, consentVersion: this.consentVersion });
      this.joinView.set(join);
      this.step.set('call');
      // In the call: the encryption in force comes from the counsellor's page, asked for regularly.
      this.startPolling(() => void this.refresh());
    } catch (e) {
      const problem = ApiError.from(e);
      if (problem.code === 'VIDEO_HOST_ABSENT') {
        this.step.set('waiting');
        this.startPolling(() => void this.waitForHost());
      } else if (problem.code === 'VIDEO_GUEST_LINK_EXPIRED') this.step.set('expired');
      else if (problem.code === 'VIDEO_GUEST_LINK_INVALID') this.step.set('invalid');
      else {
        this.error.set(errorText(e, this.i18n));
        const field = problem.field('displayName');
        if (field) this.nameError.set(field);
      }
    } finally {
      this.busy.set(false);
    }
  }

  private async waitForHost(): Promise<void> {
    await this.refresh();
    if (this.step() === 'waiting' && this.room()?.hostPresent) {
      this.stopPolling();
      await this.enter();
    }
  }

  protected inCall(jitsiId: string): void {
    this.jitsiId = jitsiId;
    void this.tellHost();
  }

  protected tellHostAgain(): void {
    clearTimeout(this.retell);
    this.retell = setTimeout(() => void this.tellHost(), 500);
  }

  private async tellHost(): Promise<void> {
    if (this.jitsiId) await this.api.guestParticipant(this.centre(), this.token, this.jitsiId, browserSupportsE2ee()).catch(() => undefined);
  }

  protected left(): void {
    this.stopPolling();
    this.step.set('left');
  }

  protected async again(): Promise<void> {
    this.joinView.set(null);
    await this.enter();
  }

  private startPolling(work: () => void): void {
    this.stopPolling();
    this.poll = setInterval(work, GUEST_POLL_SECONDS * 1000);
  }

  private stopPolling(): void {
    clearInterval(this.poll);
    this.poll = undefined;
  }

  ngOnDestroy(): void {
    this.stopPolling();
    clearTimeout(this.retell);
  }
}
