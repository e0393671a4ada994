import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  type OnDestroy,
  type OnInit,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';

import type { VideoJoinView } from '@modules/video/contracts';

import { I18n, type TextKey } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { browserSupportsE2ee, type Encryption, EncryptionController, EncryptionPolicy, type NotE2eeReason } from './encryption';
import { type JitsiApi, jitsiOptions, loadJitsi } from './jitsi';

/** What the banner says in each state, and why E2EE is not on (for the counsellor). */
const BANNER = {
  transport: { title: 'video.encryption.transport', hint: 'video.encryption.transportHint' },
  switching: { title: 'video.encryption.switching', hint: 'video.encryption.switchingHint' },
  e2ee: { title: 'video.encryption.e2ee', hint: 'video.encryption.e2eeHint' },
} as const satisfies Record<Encryption, { title: TextKey; hint: TextKey }>;
const REASON = {
  alone: 'video.encryption.reasonAlone',
  unsupported: 'video.encryption.reasonUnsupported',
  knocking: 'video.encryption.reasonKnocking',
  thisBrowser: 'video.encryption.reasonThisBrowser',
} as const satisfies Record<NotE2eeReason, TextKey>;

interface Knock {
  id: string;
  name: string;
}

/**
 * The call: Jitsi Meet embedded through its IFrame API, with a banner that says which
 * encryption is in force right now. On the counsellor's page it also decides about end-to-end
 * encryption (see encryption.ts), switches the lobby on, shows who knocks, and ends the session
 * for everyone.
 */
@Component({
  selector: 'bd-video-call',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="call">
      <p class="encryption-banner" [class.e2ee]="shown() === 'e2ee'" role="status" aria-live="polite">
        <strong>{{ BANNER[shown()].title | t }}</strong>
        {{ BANNER[shown()].hint | t }}
        @if (isHost() && shown() !== 'e2ee' && reason(); as r) { <span class="encryption-reason">{{ REASON[r] | t }}</span> }
      </p>
      @if (failed()) {
        <p role="alert" class="notice">{{ 'video.call.loadFailed' | t }}</p>
      }
      @if (knocks().length > 0) {
        <section class="knocks card" aria-labelledby="knocks-title">
          <h2 id="knocks-title">{{ 'video.call.knocking' | t }}</h2>
          <ul>
            @for (k of knocks(); track k.id) {
              <li>
                <span>{{ 'video.call.knocks' | t: { name: k.name || ('video.call.someone' | t) } }}</span>
                <span class="button-row">
                  <button type="button" (click)="answer(k, true)">{{ 'video.call.admit' | t }}</button>
                  <button type="button" class="secondary" (click)="answer(k, false)">{{ 'video.call.reject' | t }}</button>
                </span>
              </li>
            }
          </ul>
        </section>
      }
      <div #frame class="call-frame"></div>
      <div class="button-row call-actions">
        <button type="button" class="secondary" (click)="leave()">{{ 'video.call.leave' | t }}</button>
        @if (isHost()) {
          @if (confirmEnd()) {
            <button type="button" class="danger" (click)="endForAll()">{{ 'video.call.endConfirm' | t }}</button>
            <button type="button" class="secondary" (click)="confirmEnd.set(false)">{{ 'common.cancel' | t }}</button>
          } @else {
            <button type="button" class="danger" (click)="confirmEnd.set(true)">{{ 'video.call.end' | t }}</button>
          }
        }
      </div>
    </div>
  `,
})
export class VideoCallComponent implements OnInit, OnDestroy {
  readonly join = input.required<VideoJoinView>();
  /** For participants: whether the counsellor's page says end-to-end encryption is on. */
  readonly hostE2ee = input(false);

  /** In the call, with this participant id at Jitsi. */
  readonly joined = output<string>();
  /** Someone came into the call (a participant's page then tells the counsellor's again). */
  readonly someoneJoined = output<void>();
  /** The person left the call (hung up, or the session ended). */
  readonly left = output<void>();
  /** Counsellor only: the encryption in force changed. */
  readonly encryption = output<Encryption>();
  /** Counsellor only: the session was ended for everyone at Jitsi. */
  readonly ended = output<void>();

  private readonly i18n = inject(I18n);
  private readonly frame = viewChild.required<ElementRef<HTMLElement>>('frame');
  private api?: JitsiApi;
  private readonly localSupport = browserSupportsE2ee();
  private controller?: EncryptionController;
  private gone = false;

  protected readonly BANNER = BANNER;
  protected readonly REASON = REASON;
  protected readonly isHost = computed(() => this.join().role === 'host');
  protected readonly failed = signal(false);
  protected readonly knocks = signal<Knock[]>([]);
  protected readonly confirmEnd = signal(false);
  private readonly hostState = signal<Encryption>('transport');
  protected readonly reason = signal<NotE2eeReason | null>(null);
  /** What the banner says: never more than this page knows to be true. */
  protected readonly shown = computed<Encryption>(() => (this.isHost() ? this.hostState() : this.hostE2ee() && this.localSupport ? 'e2ee' : 'transport'));

  ngOnInit(): void {
    if (this.isHost()) {
      const policy = new EncryptionPolicy(this.localSupport);
      this.controller = new EncryptionController(
        policy,
        (on) => this.api?.executeCommand('toggleE2EE', on),
        (state) => {
          this.hostState.set(state);
          this.encryption.emit(state);
        },
      );
      this.reason.set(policy.reason);
    }
    void this.start();
  }

  /** The counsellor's page hears from a participant's page whether its browser can do E2EE. */
  reported(jitsiId: string, supported: boolean): void {
    this.controller?.policy.reported(jitsiId, supported);
    this.decide();
  }

  private async start(): Promise<void> {
    const join = this.join();
    let Api: Awaited<ReturnType<typeof loadJitsi>>;
    try {
      Api = await loadJitsi(join.domain);
    } catch {
      this.failed.set(true);
      return;
    }
    if (this.gone) return;
    const api = new Api(join.domain, jitsiOptions(join, this.i18n.lang(), this.frame().nativeElement));
    this.api = api;
    api.getIFrame().title = this.i18n.t('video.call.frameTitle');
    api.addListener('videoConferenceJoined', (e: { id: string }) => {
      if (this.isHost() && join.options.lobby) api.executeCommand('toggleLobby', true);
      this.joined.emit(e.id);
    });
    api.addListener('participantJoined', (e: { id: string }) => {
      this.controller?.policy.joined(e.id);
      this.knocks.update((list) => list.filter((k) => k.id !== e.id));
      this.decide();
      this.someoneJoined.emit();
    });
    api.addListener('participantLeft', (e: { id: string }) => {
      this.controller?.policy.left(e.id);
      this.decide();
    });
    api.addListener('knockingParticipant', (e: { participant: { id: string; name?: string } }) => {
      if (!this.isHost()) return;
      this.controller?.policy.knocked(e.participant.id);
      this.knocks.update((list) => [...list.filter((k) => k.id !== e.participant.id), { id: e.participant.id, name: e.participant.name ?? '' }]);
      this.decide();
    });
    api.addListener('videoConferenceLeft', () => this.hungUp());
    api.addListener('readyToClose', () => this.hungUp());
  }

  protected answer(knock: Knock, approved: boolean): void {
    this.api?.executeCommand('answerKnockingParticipant', knock.id, approved);
    this.knocks.update((list) => list.filter((k) => k.id !== knock.id));
    this.controller?.policy.answered(knock.id);
    this.decide();
  }

  protected leave(): void {
    if (!this.api) return this.hungUp();
    this.api.executeCommand('hangup');
    // Jitsi answers with readyToClose; if it does not (a broken connection), leave anyway.
    setTimeout(() => this.hungUp(), 3000);
  }

  /** Ends the conference at Jitsi for everyone (the owner may), then leaves. */
  protected endForAll(): void {
    this.confirmEnd.set(false);
    this.api?.executeCommand('endConference');
    this.ended.emit();
    this.hungUp();
  }

  /** Hang up from outside (the session was ended by the counsellor's page). */
  hangUp(): void {
    this.hungUp();
  }

  private decide(): void {
    if (!this.controller) return;
    this.controller.update();
    this.reason.set(this.controller.policy.reason);
  }

  private hungUp(): void {
    if (this.gone) return;
    this.gone = true;
    this.dispose();
    this.left.emit();
  }

  private dispose(): void {
    this.controller?.stop();
    this.api?.dispose();
    this.api = undefined;
  }

  ngOnDestroy(): void {
    this.gone = true;
    this.dispose();
  }
}
