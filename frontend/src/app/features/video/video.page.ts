import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, type OnInit, signal, ViewEncapsulation } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';

import { DEFAULT_ROOM_OPTIONS, MAX_VIDEO_ROOM_NAME_LENGTH, type VideoConsentView, type VideoHostEvent, type VideoPortalInfo, type VideoRoomView } from '@modules/video/contracts';

import { PortalStore } from '../../areas/portal/portal.store';
import { AuthStore } from '../../core/auth/auth.store';
import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { Realtime } from '../../core/realtime/realtime';
import { ActionState } from '../../shared/ui/action-state';
import { LoadFailedComponent } from '../../shared/ui/load-failed.component';
import { ParticipantPickerComponent } from '../../shared/ui/participant-picker.component';
import { VideoConsentComponent } from './consent.component';
import { RoomOptionsComponent } from './room-options.component';
import { VideoRoomManagerComponent } from './room-manager.component';
import { VideoApi } from './video.api';

/**
 * Video: a counsellor's rooms (open, manage, join) or the rooms a client is invited to, with
 * whether the counsellor is in the call right now, and the client's consent.
 */
@Component({
  selector: 'bd-video-page',
  imports: [DatePipe, LoadFailedComponent, ReactiveFormsModule, RouterLink, TranslatePipe, ParticipantPickerComponent, RoomOptionsComponent, VideoRoomManagerComponent, VideoConsentComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The feature's styles come with its pages and apply to every part of it once loaded.
  styleUrl: './video.css',
  encapsulation: ViewEncapsulation.None,
  template: `
    <h1>{{ 'video.title' | t }}</h1>
    <p class="lead">{{ (isCounsellor() ? 'video.introCounsellor' : 'video.introClient') | t }}</p>
    @if (!ready()) { <p class="notice" role="status">{{ (isCounsellor() ? 'video.notReadyCounsellor' : 'video.notReady') | t }}</p> }
    @if (action.notice(); as n) { <p class="success" role="status">{{ n }}</p> }

    @if (rooms(); as list) {
      @if (list.length === 0) {
        <p class="hint empty-state">{{ (isCounsellor() ? 'video.noRoomsCounsellor' : 'video.noRooms') | t }}</p>
      }
      <ul class="video-rooms">
        @for (r of list; track r.id) {
          <li class="video-room card" [class.selected]="r.id === roomId()">
            <div class="video-room-head">
              <h2 class="video-room-name">{{ r.name }}</h2>
              <span class="presence-tag" [class.online]="r.hostPresent">{{ (r.hostPresent ? (isCounsellor() ? 'video.youAreIn' : 'video.hostIn') : 'video.hostOut') | t }}</span>
            </div>
            <p class="hint">
              @if (isCounsellor()) {
                {{ r.invitees.length ? names(r) : ('video.noInvitees' | t) }}
                @if (r.guestLinks > 0) { · {{ 'video.guestLinkCount' | t: { count: r.guestLinks } }} }
                @if (r.hasNote) { · {{ 'video.hasNote' | t }} }
              } @else {
                {{ 'video.withCounsellor' | t: { name: r.counsellor.name } }}
              }
              · {{ 'video.since' | t: { date: (r.createdAt | date: 'dd.MM.yyyy') ?? '' } }}
            </p>
            <div class="button-row">
              <a class="button" [routerLink]="['/', centre(), 'video', 'raum', r.id]">{{ (isCounsellor() ? 'video.open' : 'video.join') | t }}</a>
              @if (isCounsellor()) {
                @if (r.id === roomId()) {
                  <a class="button secondary" [routerLink]="['/', centre(), 'video']">{{ 'video.manageClose' | t }}</a>
                } @else {
                  <a class="button secondary" [routerLink]="['/', centre(), 'video', r.id]">{{ 'video.manage' | t }}</a>
                }
              }
            </div>
            @if (isCounsellor() && r.id === roomId()) {
              <bd-video-room-manager [centre]="centre()" [room]="r" [clients]="clients()" (changed)="replace($event)" (removed)="removed($event)" />
            }
          </li>
        }
      </ul>

      @if (isCounsellor()) {
        <details class="card group-form" [open]="list.length === 0">
          <summary>{{ 'video.create' | t }}</summary>
          <form [formGroup]="createForm" (ngSubmit)="create()" novalidate>
            <div class="field">
              <label for="video-room-name">{{ 'video.roomName' | t }}</label>
              <input id="video-room-name" formControlName="name" [maxlength]="maxName" [placeholder]="'video.roomNameExample' | t" [attr.aria-invalid]="nameMissing() ? true : null" />
              @if (nameMissing()) { <p class="field-error" role="alert">{{ 'video.roomNameRequired' | t }}</p> }
              @if (action.field('name'); as e) { <p class="field-error">{{ e }}</p> }
            </div>
            <bd-video-room-options idPrefix="new-opt" [(value)]="newOptions" />
            @if (clients().length > 0) {
              <bd-participant-picker [people]="clients()" legend="video.invitees" idPrefix="new-inv" [(chosen)]="chosen" />
            } @else {
              <p class="hint">{{ 'video.noClients' | t }}</p>
            }
            @if (action.field('inviteeIds'); as e) { <p class="field-error">{{ e }}</p> }
            @if (action.error(); as e) { <p class="form-error" role="alert">{{ e }}</p> }
            <button type="submit" [disabled]="action.busy()">{{ 'video.createSubmit' | t }}</button>
          </form>
        </details>
      } @else {
        @if (consent(); as c) {
          @if (c.valid && c.accepted) {
            <section class="card consent-given">
              <h2>{{ c.current.title }}</h2>
              <p>{{ 'video.consent.given' | t: { date: (c.accepted.at | date: 'dd.MM.yyyy') ?? '' } }}</p>
              @if (confirmWithdraw()) {
                <div class="button-row">
                  <button type="button" class="danger" (click)="withdraw()">{{ 'video.consent.withdrawConfirm' | t }}</button>
                  <button type="button" class="secondary" (click)="confirmWithdraw.set(false)">{{ 'common.cancel' | t }}</button>
                </div>
              } @else {
                <button type="button" class="secondary" (click)="confirmWithdraw.set(true)">{{ 'video.consent.withdraw' | t }}</button>
              }
            </section>
          } @else {
            <p class="hint">{{ 'video.consent.before' | t }}</p>
            <bd-video-consent [text]="c.current" [busy]="action.busy()" (accepted)="accept($event)" />
          }
        }
        @if (action.error(); as e) { <p class="form-error" role="alert">{{ e }}</p> }
      }
    } @else {
      @if (loadFailed()) {
        <bd-load-failed (retry)="retry()" />
      } @else {
        <p role="status">{{ 'common.loading' | t }}</p>
      }
    }
  `,
})
export class VideoPage implements OnInit {
  readonly centre = input.required<string>();
  readonly roomId = input<string>();
  private readonly api = inject(VideoApi);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18n);
  protected readonly action = new ActionState(this.i18n);
  protected readonly maxName = MAX_VIDEO_ROOM_NAME_LENGTH;
  protected readonly rooms = signal<VideoRoomView[] | null>(null);
  protected readonly clients = signal<{ id: string; name: string }[]>([]);
  protected readonly consent = signal<VideoConsentView | null>(null);
  protected readonly chosen = signal<ReadonlySet<string>>(new Set());
  protected readonly newOptions = signal({ ...DEFAULT_ROOM_OPTIONS });
  protected readonly loadFailed = signal(false);
  protected readonly nameMissing = signal(false);
  protected readonly confirmWithdraw = signal(false);
  protected readonly isCounsellor = computed(() => this.auth.me()?.role === 'counsellor');
  private readonly portal = inject(PortalStore);
  /** Whether a Jitsi server is set up (the portal info says; unknown counts as ready). */
  protected readonly ready = computed(() => (this.portal.centre()?.features['video'] as VideoPortalInfo | undefined)?.ready ?? true);
  protected readonly createForm = inject(NonNullableFormBuilder).group({ name: ['', [Validators.required, Validators.maxLength(MAX_VIDEO_ROOM_NAME_LENGTH)]] });

  constructor() {
    const realtime = inject(Realtime);
    realtime.connects.pipe(takeUntilDestroyed()).subscribe(() => {
      if (this.rooms()) void this.load();
    });
    for (const event of ['video.room-changed', 'video.room-removed']) {
      realtime.on(event).pipe(takeUntilDestroyed()).subscribe(() => void this.load());
    }
    realtime
      .on<VideoHostEvent>('video.host')
      .pipe(takeUntilDestroyed())
      .subscribe((e) => this.rooms.update((list) => list?.map((r) => (r.id === e.roomId ? { ...r, hostPresent: e.present, e2ee: e.e2ee } : r)) ?? null));
  }

  ngOnInit(): void {
    void this.load();
  }

  protected retry(): void {
    this.loadFailed.set(false);
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const [rooms, extra] = await Promise.all([
        this.api.rooms(this.centre()),
        this.isCounsellor() ? this.api.clients(this.centre()) : this.api.consent(this.centre()),
      ]);
      this.rooms.set(rooms);
      if (Array.isArray(extra)) this.clients.set(extra);
      else this.consent.set(extra);
      this.loadFailed.set(false);
    } catch {
      if (this.rooms() === null) this.loadFailed.set(true);
    }
  }

  protected names(r: VideoRoomView): string {
    return r.invitees.map((i) => i.name).join(', ');
  }

  async create(): Promise<void> {
    const name = this.createForm.controls.name;
    name.setValue(name.value.trim());
    this.nameMissing.set(name.invalid);
    if (name.invalid) {
      document.getElementById('video-room-name')?.focus();
      return;
    }
    let created: VideoRoomView | undefined;
    const ok = await this.action.run(async () => {
      created = await this.api.create(this.centre(), { name: name.value, ...this.newOptions(), inviteeIds: [...this.chosen()] });
    }, this.i18n.t('video.created'));
    if (ok && created) {
      this.createForm.reset();
      this.chosen.set(new Set());
      this.newOptions.set({ ...DEFAULT_ROOM_OPTIONS });
      await this.load();
      await this.router.navigate(['/', this.centre(), 'video', created.id]);
    }
  }

  protected replace(room: VideoRoomView): void {
    this.rooms.update((list) => list?.map((r) => (r.id === room.id ? room : r)) ?? null);
  }

  protected async removed(room: VideoRoomView): Promise<void> {
    this.rooms.update((list) => list?.filter((r) => r.id !== room.id) ?? null);
    this.action.notice.set(this.i18n.t('video.deleted', { name: room.name }));
    await this.router.navigate(['/', this.centre(), 'video']);
  }

  async accept(version: string): Promise<void> {
    await this.action.run(async () => this.consent.set(await this.api.accept(this.centre(), version)), this.i18n.t('video.consent.thanks'));
  }

  async withdraw(): Promise<void> {
    this.confirmWithdraw.set(false);
    await this.action.run(async () => {
      await this.api.withdraw(this.centre());
      this.consent.set(await this.api.consent(this.centre()));
    }, this.i18n.t('video.consent.withdrawn'));
  }
}
