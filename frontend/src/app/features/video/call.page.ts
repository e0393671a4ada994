import { ChangeDetectionStrategy, Component, type OnDestroy, type OnInit, computed, inject, input, signal, viewChild, ViewEncapsulation } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';

import {
  HOST_HEARTBEAT_SECONDS,
  type VideoConsentText,
  type VideoHostEvent,
  type VideoJoinView,
  type VideoParticipantEvent,
  type VideoRoomView,
} from '@modules/video/contracts';

import { ApiError } from '../../core/api/api-error';
import { CsrfToken } from '../../core/api/csrf';
import { AuthStore } from '../../core/auth/auth.store';
import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { Realtime } from '../../core/realtime/realtime';
import { errorText } from '../../shared/ui/errors';
import { VideoCallComponent } from './call.component';
import { VideoConsentComponent } from './consent.component';
import { DeviceCheckComponent } from './device-check.component';
import type { Encryption } from './encryption';
import { browserSupportsE2ee } from './encryption';
import { VideoApi } from './video.api';

type Step = 'loading' | 'consent' | 'check' | 'waiting' | 'call' | 'left' | 'ended' | 'failed';

/**
 * A room's call page, for its counsellor and the invited clients: consent (clients, once),
 * device check, then the call. A client whose counsellor is not there yet waits here and is let
 * in as soon as the counsellor arrives. The counsellor's page tells the server, every 30 s, that
 * they are in the call and which encryption is in force.
 */
@Component({
  selector: 'bd-video-call-page',
  imports: [RouterLink, TranslatePipe, DeviceCheckComponent, VideoConsentComponent, VideoCallComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The feature's styles come with its pages and apply to every part of it once loaded.
  styleUrl: './video.css',
  encapsulation: ViewEncapsulation.None,
  template: `
    <p><a [routerLink]="['/', centre(), 'video']">← {{ 'video.back' | t }}</a></p>
    <h1>{{ room()?.name ?? ('video.title' | t) }}</h1>
    @if (room(); as r) {
      @if (!isHost()) { <p class="hint">{{ 'video.withCounsellor' | t: { name: r.counsellor.name } }}</p> }
    }
    @if (error(); as e) { <p role="alert" class="form-error">{{ e }}</p> }
    @switch (step()) {
      @case ('loading') { <p role="status">{{ 'common.loading' | t }}</p> }
      @case ('consent') {
        @if (consentText(); as text) { <bd-video-consent [text]="text" [busy]="busy()" (accepted)="accept($event)" /> }
      }
      @case ('check') {
        <bd-device-check [audioOnly]="room()?.options?.audioOnly ?? false" />
        @if (!isHost() && !room()?.hostPresent) { <p class="hint">{{ 'video.notYetThere' | t }}</p> }
        <div class="button-row">
          <button type="button" (click)="enter()" [disabled]="busy()">{{ 'video.joinNow' | t }}</button>
        </div>
      }
      @case ('waiting') {
        <div class="card waiting" role="status" aria-live="polite">
          <h2>{{ 'video.waitingTitle' | t }}</h2>
          <p>{{ 'video.waiting' | t }}</p>
        </div>
      }
      @case ('call') {
        @if (joinView(); as j) {
          <bd-video-call
            [join]="j"
            [hostE2ee]="hostE2ee()"
            (joined)="inCall($event)"
            (someoneJoined)="tellHostAgain()"
            (encryption)="encryptionChanged($event)"
            (ended)="endForAll()"
            (left)="leftCall()"
          />
        }
      }
      @case ('left') {
        <div class="card">
          <p role="status">{{ 'video.left' | t }}</p>
          <button type="button" (click)="rejoin()">{{ 'video.rejoin' | t }}</button>
        </div>
      }
      @case ('ended') {
        <div class="card"><p role="status">{{ 'video.ended' | t }}</p></div>
      }
      @case ('failed') {
        <button type="button" class="secondary" (click)="load()">{{ 'common.retry' | t }}</button>
      }
    }
  `,
})
export class VideoCallPage implements OnInit, OnDestroy {
  readonly centre = input.required<string>();
  readonly roomId = input.required<string>();
  private readonly api = inject(VideoApi);
  private readonly i18n = inject(I18n);
  private readonly csrf = inject(CsrfToken);
  private readonly call = viewChild(VideoCallComponent);

  protected readonly step = signal<Step>('loading');
  protected readonly room = signal<VideoRoomView | null>(null);
  protected readonly consentText = signal<VideoConsentText | null>(null);
  protected readonly joinView = signal<VideoJoinView | null>(null);
  protected readonly hostE2ee = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly auth = inject(AuthStore);
  /** The room's own counsellor (the only counsellor who sees it). */
  protected readonly isHost = computed(() => this.auth.me()?.role === 'counsellor');

  private jitsiId: string | null = null;
  private encryption: Encryption = 'transport';
  private heartbeat?: ReturnType<typeof setInterval>;
  private retellTimer?: ReturnType<typeof setTimeout>;
  private csrfToken?: string;
  private readonly unload = () => this.leaveOnUnload();

  constructor() {
    const realtime = inject(Realtime);
    realtime
      .on<VideoHostEvent>('video.host')
      .pipe(takeUntilDestroyed())
      .subscribe((e) => {
        if (e.roomId !== this.roomId()) return;
        this.room.update((r) => (r ? { ...r, hostPresent: e.present, e2ee: e.e2ee } : r));
        this.hostE2ee.set(e.present && e.e2ee);
        // Waiting for the counsellor: in as soon as they are there.
        if (e.present && this.step() === 'waiting') void this.enter();
      });
    realtime
      .on<VideoParticipantEvent>('video.participant')
      .pipe(takeUntilDestroyed())
      .subscribe((e) => {
        if (e.roomId === this.roomId()) this.call()?.reported(e.jitsiId, e.e2ee);
      });
    realtime
      .on<{ roomId: string }>('video.ended')
      .pipe(takeUntilDestroyed())
      .subscribe((e) => {
        if (e.roomId !== this.roomId() || this.isHost()) return;
        this.call()?.hangUp();
        this.stopHeartbeat();
        this.step.set('ended');
      });
    realtime
      .on<{ roomId: string }>('video.room-removed')
      .pipe(takeUntilDestroyed())
      .subscribe((e) => {
        if (e.roomId !== this.roomId()) return;
        this.call()?.hangUp();
        this.room.set(null);
        this.error.set(this.i18n.t('video.removed'));
        this.step.set('failed');
      });
    // A lost connection may have missed the counsellor's arrival.
    realtime.connects.pipe(takeUntilDestroyed()).subscribe(() => {
      if (this.step() === 'waiting') void this.enter();
    });
  }

  ngOnInit(): void {
    window.addEventListener('pagehide', this.unload);
    void this.load();
  }

  async load(): Promise<void> {
    this.step.set('loading');
    this.error.set(null);
    try {
      const room = await this.api.room(this.centre(), this.roomId());
      this.room.set(room);
      this.hostE2ee.set(room.hostPresent && room.e2ee);
      // A client's page: is the consent there (and the current one)?
      if (!this.isHost()) {
        const consent = await this.api.consent(this.centre());
        if (!consent.valid) {
          this.consentText.set(consent.current);
          this.step.set('consent');
          return;
        }
      }
      this.step.set('check');
    } catch (e) {
      this.error.set(errorText(e, this.i18n));
      this.step.set('failed');
    }
  }

  async accept(version: string): Promise<void> {
    this.busy.set(true);
    try {
      await this.api.accept(this.centre(), version);
      this.step.set('check');
    } catch (e) {
      this.error.set(errorText(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }

  /** Asks for a token: in the call, or waiting for the counsellor, or what stands in the way. */
  async enter(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      const join = await this.api.join(this.centre(), this.roomId());
      this.csrfToken = await this.csrf.get().catch(() => undefined);
      this.joinView.set(join);
      this.step.set('call');
    } catch (e) {
      const problem = ApiError.from(e);
      if (problem.code === 'VIDEO_HOST_ABSENT') this.step.set('waiting');
      else if (problem.code === 'VIDEO_CONSENT_REQUIRED') void this.load();
      else this.error.set(errorText(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }

  protected inCall(jitsiId: string): void {
    this.jitsiId = jitsiId;
    if (this.isHost()) {
      void this.beat();
      this.heartbeat = setInterval(() => void this.beat(), HOST_HEARTBEAT_SECONDS * 1000);
    } else {
      void this.tellHost();
    }
  }

  /** Someone came in (perhaps the counsellor, after a reload): they hear again what this browser can do. */
  protected tellHostAgain(): void {
    if (this.isHost() || !this.jitsiId) return;
    clearTimeout(this.retellTimer);
    this.retellTimer = setTimeout(() => void this.tellHost(), 500);
  }

  private async tellHost(): Promise<void> {
    if (!this.jitsiId) return;
    await this.api.participant(this.centre(), this.roomId(), this.jitsiId, browserSupportsE2ee()).catch(() => undefined);
  }

  protected encryptionChanged(state: Encryption): void {
    this.encryption = state;
    void this.beat();
  }

  private async beat(): Promise<void> {
    await this.api.host(this.centre(), this.roomId(), true, this.encryption === 'e2ee').catch(() => undefined);
  }

  protected async endForAll(): Promise<void> {
    this.stopHeartbeat();
    await this.api.end(this.centre(), this.roomId()).catch(() => undefined);
    this.step.set('ended');
  }

  protected leftCall(): void {
    if (this.step() === 'ended') return;
    this.stopHeartbeat();
    if (this.isHost()) void this.api.host(this.centre(), this.roomId(), false, false).catch(() => undefined);
    this.step.set('left');
  }

  protected rejoin(): void {
    this.joinView.set(null);
    void this.enter();
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  /** A closed tab: the counsellor is gone at once, not only when the heartbeats stop. */
  private leaveOnUnload(): void {
    if (!this.heartbeat || !this.csrfToken) return;
    void fetch(`/api/v1/centres/${encodeURIComponent(this.centre())}/video/rooms/${this.roomId()}/host`, {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': this.csrfToken },
      body: JSON.stringify({ present: false }),
    }).catch(() => undefined);
  }

  ngOnDestroy(): void {
    window.removeEventListener('pagehide', this.unload);
    clearTimeout(this.retellTimer);
    if (this.heartbeat) {
      this.stopHeartbeat();
      void this.api.host(this.centre(), this.roomId(), false, false).catch(() => undefined);
    }
  }
}
