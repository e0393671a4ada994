/**
 * End-to-end encryption in a Jitsi call, decided on the counsellor's call page. Jitsi's IFrame
 * API can switch E2EE on and off but says nothing about whether it works, so the page decides
 * from what it knows for sure: who is in the call (Jitsi's events), whose browser can do it
 * (every call page of this app reports its own), and who is knocking in the lobby. Anyone in the
 * call who did not report — someone who came in another way — counts as unable.
 */

/** What the banner says: the call is only transport-encrypted, E2EE is being switched on, or it is on. */
export type Encryption = 'transport' | 'switching' | 'e2ee';

/** Why end-to-end encryption is not on, for the counsellor. */
export type NotE2eeReason = 'alone' | 'unsupported' | 'knocking' | 'thisBrowser';

/** Whether this browser can take part in Jitsi's end-to-end encryption (insertable streams). */
export function browserSupportsE2ee(win: object = globalThis): boolean {
  const sender = (win as { RTCRtpSender?: { prototype: object } }).RTCRtpSender;
  return !!sender && ('createEncodedStreams' in sender.prototype || 'RTCRtpScriptTransform' in win);
}

/** Who is in the call and who can do E2EE: whether to switch it on. */
export class EncryptionPolicy {
  private readonly inCall = new Set<string>();
  private readonly support = new Map<string, boolean>();
  private readonly knocking = new Set<string>();

  constructor(private readonly localSupport: boolean) {}

  joined(id: string): void {
    this.inCall.add(id);
    this.knocking.delete(id);
  }

  left(id: string): void {
    this.inCall.delete(id);
    this.support.delete(id);
  }

  /** A participant's own call page said whether its browser can do it (may come before or after `joined`). */
  reported(id: string, supported: boolean): void {
    this.support.set(id, supported);
  }

  knocked(id: string): void {
    this.knocking.add(id);
  }

  /** Let in (then `joined` follows) or turned away. */
  answered(id: string): void {
    this.knocking.delete(id);
  }

  /** Nobody waits in the lobby any more (it was switched off). */
  lobbyCleared(): void {
    this.knocking.clear();
  }

  get reason(): NotE2eeReason | null {
    if (!this.localSupport) return 'thisBrowser';
    if (this.knocking.size > 0) return 'knocking';
    if (this.inCall.size === 0) return 'alone';
    if ([...this.inCall].some((id) => this.support.get(id) !== true)) return 'unsupported';
    return null;
  }

  get wanted(): boolean {
    return this.reason === null;
  }

  get participants(): number {
    return this.inCall.size;
  }
}

/** Time for Jitsi's key exchange after switching E2EE on, before the banner says it is on. */
export const SETTLE_MS = 4000;

/**
 * Turns the policy into commands and the banner's state: E2EE goes on once it is wanted and
 * shows as on only after the key exchange had time; it goes off at once (and shows so at once)
 * when it is no longer wanted. Never claims more than was asked of Jitsi.
 */
export class EncryptionController {
  private state: Encryption = 'transport';
  private commanded = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly policy: EncryptionPolicy,
    private readonly toggle: (enabled: boolean) => void,
    private readonly changed: (state: Encryption) => void,
    private readonly settleMs = SETTLE_MS,
  ) {}

  get current(): Encryption {
    return this.state;
  }

  /** Call after every change to the policy. */
  update(): void {
    const wanted = this.policy.wanted;
    if (wanted === this.commanded) return;
    this.commanded = wanted;
    clearTimeout(this.timer);
    this.toggle(wanted);
    if (!wanted) return this.set('transport');
    this.set('switching');
    this.timer = setTimeout(() => {
      if (this.commanded) this.set('e2ee');
    }, this.settleMs);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private set(state: Encryption): void {
    if (state === this.state) return;
    this.state = state;
    this.changed(state);
  }
}
