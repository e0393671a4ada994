import { ChangeDetectionStrategy, Component, inject } from '@angular/core';

import { TranslatePipe } from '../../core/i18n/t.pipe';
import { RichTextComponent } from '../../shared/ui/rich-text.component';
import { PortalStore } from './portal.store';

@Component({
  selector: 'bd-imprint-page',
  imports: [TranslatePipe, RichTextComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <article class="prose">
      <h1>{{ 'imprint.title' | t }}</h1>
      @if (store.centre()?.imprint; as imprint) {
        <bd-rich-text [text]="imprint" />
      } @else {
        <p>{{ 'imprint.missing' | t }}</p>
      }
    </article>
  `,
})
export class ImprintPage {
  protected readonly store = inject(PortalStore);
}

@Component({
  selector: 'bd-privacy-page',
  imports: [TranslatePipe, RichTextComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <article class="prose" lang="de">
      <h1>{{ 'privacy.title' | t }}</h1>
      @if (store.centre(); as centre) {
        <bd-rich-text [text]="centre.privacyText" />
      }
    </article>
  `,
})
export class PrivacyPage {
  protected readonly store = inject(PortalStore);
}
