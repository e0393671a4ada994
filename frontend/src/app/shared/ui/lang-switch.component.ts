import { ChangeDetectionStrategy, Component, inject } from '@angular/core';

import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';

@Component({
  selector: 'bd-lang-switch',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button type="button" class="link-button" (click)="i18n.toggle()" [attr.aria-label]="'lang.switchLabel' | t" [attr.lang]="i18n.lang() === 'de' ? 'en' : 'de'">
      {{ 'lang.switch' | t }}
    </button>
  `,
})
export class LangSwitchComponent {
  protected readonly i18n = inject(I18n);
}
