import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';

import type { VideoConsentText } from '@modules/video/contracts';

import { TranslatePipe } from '../../core/i18n/t.pipe';

type Block = { kind: 'p'; text: string } | { kind: 'ul'; items: string[] };

/** The consent to video counselling (seed section 9), to read and to confirm with a tick. */
@Component({
  selector: 'bd-video-consent',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="consent card" aria-labelledby="consent-title">
      <h2 id="consent-title">{{ text().title }}</h2>
      <div class="prose consent-text">
        @for (block of blocks(); track $index) {
          @if (block.kind === 'p') {
            <p>{{ block.text }}</p>
          } @else {
            <ul>
              @for (item of block.items; track $index) { <li>{{ item }}</li> }
            </ul>
          }
        }
      </div>
      <form (submit)="$event.preventDefault(); confirm()" novalidate>
        <div class="field checkbox">
          <input id="consent-agree" type="checkbox" [checked]="agreed()" (change)="agree($any($event.target).checked)" [attr.aria-describedby]="missing() ? 'consent-missing' : null" />
          <label for="consent-agree">{{ 'video.consent.agree' | t }}</label>
        </div>
        @if (missing()) { <p id="consent-missing" class="field-error" role="alert">{{ 'video.consent.missing' | t }}</p> }
        <button type="submit" [disabled]="busy()">{{ submitLabel() | t }}</button>
      </form>
    </section>
  `,
})
export class VideoConsentComponent {
  readonly text = input.required<VideoConsentText>();
  readonly busy = input(false);
  readonly submitLabel = input<'video.consent.submit' | 'video.guest.consentSubmit'>('video.consent.submit');
  /** The version the person confirmed. */
  readonly accepted = output<string>();
  protected readonly agreed = signal(false);
  protected readonly missing = signal(false);

  protected readonly blocks = computed<Block[]>(() => {
    const out: Block[] = [];
    for (const paragraph of this.text().paragraphs) {
      if (paragraph.startsWith('- ')) {
        const last = out.at(-1);
        if (last?.kind === 'ul') last.items.push(paragraph.slice(2));
        else out.push({ kind: 'ul', items: [paragraph.slice(2)] });
      } else out.push({ kind: 'p', text: paragraph });
    }
    return out;
  });

  protected agree(on: boolean): void {
    this.agreed.set(on);
    if (on) this.missing.set(false);
  }

  protected confirm(): void {
    if (!this.agreed()) {
      this.missing.set(true);
      return;
    }
    this.accepted.emit(this.text().version);
  }
}
