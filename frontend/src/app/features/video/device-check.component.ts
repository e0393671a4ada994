import { ChangeDetectionStrategy, Component, ElementRef, type OnDestroy, type OnInit, input, signal, viewChild } from '@angular/core';

import { TranslatePipe } from '../../core/i18n/t.pipe';

type CheckState = 'asking' | 'ok' | 'denied' | 'missing' | 'failed' | 'unavailable';

/**
 * Before joining: does the camera show a picture, does the microphone hear something? Asks the
 * browser for both (only sound in an audio-only room), shows the picture and a level meter, and
 * says in plain words what to do when something is missing. Releases both when it goes.
 */
@Component({
  selector: 'bd-device-check',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="device-check card" [attr.aria-labelledby]="'device-check-title'">
      <h2 id="device-check-title">{{ 'video.check.title' | t }}</h2>
      @switch (state()) {
        @case ('asking') { <p role="status">{{ 'video.check.asking' | t }}</p> }
        @case ('ok') { <p role="status" class="success">{{ (audioOnly() ? 'video.check.okAudio' : 'video.check.ok') | t }}</p> }
        @case ('denied') { <p role="alert" class="notice">{{ 'video.check.denied' | t }}</p> }
        @case ('missing') { <p role="alert" class="notice">{{ 'video.check.missing' | t }}</p> }
        @case ('unavailable') { <p role="alert" class="notice">{{ 'video.check.unavailable' | t }}</p> }
        @default { <p role="alert" class="notice">{{ 'video.check.failed' | t }}</p> }
      }
      <div class="device-preview">
        @if (!audioOnly()) {
          <video #preview class="camera-preview" muted playsinline autoplay [attr.aria-label]="'video.check.camera' | t"></video>
        }
        <label for="mic-level">{{ 'video.check.microphone' | t }}</label>
        <meter id="mic-level" min="0" max="100" low="8" optimum="40" [value]="level()">{{ level() }}</meter>
      </div>
      @if (state() !== 'ok' && state() !== 'asking') {
        <button type="button" class="secondary" (click)="start()">{{ 'video.check.again' | t }}</button>
      }
    </section>
  `,
})
export class DeviceCheckComponent implements OnInit, OnDestroy {
  readonly audioOnly = input(false);
  protected readonly state = signal<CheckState>('asking');
  protected readonly level = signal(0);
  private readonly preview = viewChild<ElementRef<HTMLVideoElement>>('preview');
  private stream?: MediaStream;
  private audio?: AudioContext;
  private frame = 0;

  ngOnInit(): void {
    void this.start();
  }

  async start(): Promise<void> {
    this.stop();
    this.state.set('asking');
    if (!navigator.mediaDevices?.getUserMedia) {
      this.state.set('unavailable');
      return;
    }
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: !this.audioOnly() });
    } catch (error) {
      const name = (error as { name?: string }).name;
      this.state.set(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : name === 'NotFoundError' || name === 'OverconstrainedError' ? 'missing' : 'failed');
      return;
    }
    const video = this.preview()?.nativeElement;
    if (video) video.srcObject = this.stream;
    this.listen(this.stream);
    this.state.set('ok');
  }

  /** A level meter from the microphone (an analyser; nothing is recorded or sent). */
  private listen(stream: MediaStream): void {
    try {
      this.audio = new AudioContext();
      const analyser = this.audio.createAnalyser();
      analyser.fftSize = 256;
      this.audio.createMediaStreamSource(stream).connect(analyser);
      const samples = new Uint8Array(analyser.frequencyBinCount);
      const tick = () => {
        analyser.getByteFrequencyData(samples);
        const mean = samples.reduce((sum, v) => sum + v, 0) / samples.length;
        this.level.set(Math.min(100, Math.round((mean / 128) * 100)));
        this.frame = requestAnimationFrame(tick);
      };
      tick();
    } catch {
      // Without Web Audio the picture still shows; the meter stays at zero.
    }
  }

  stop(): void {
    cancelAnimationFrame(this.frame);
    void this.audio?.close().catch(() => undefined);
    this.audio = undefined;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = undefined;
  }

  ngOnDestroy(): void {
    this.stop();
  }
}
