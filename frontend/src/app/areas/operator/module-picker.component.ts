import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

import { FEATURE_KEYS, type FeatureKey } from '@contracts/modules';

import type { TextKey } from '../../core/i18n/de';
import { TranslatePipe } from '../../core/i18n/t.pipe';

@Component({
  selector: 'bd-module-picker',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset class="modules">
      <legend>{{ 'operator.modules' | t }}</legend>
      @for (m of all; track m) {
        <div class="checkbox">
          <input type="checkbox" [id]="idPrefix() + '-' + m" [checked]="value().includes(m)" (change)="toggle(m, $any($event.target).checked)" />
          <label [for]="idPrefix() + '-' + m">{{ label(m) | t }}</label>
        </div>
      }
    </fieldset>
  `,
})
export class ModulePickerComponent {
  readonly value = input.required<FeatureKey[]>();
  readonly idPrefix = input('mod');
  readonly changed = output<FeatureKey[]>();
  protected readonly all = FEATURE_KEYS;

  protected label(m: FeatureKey): TextKey {
    return `module.${m}` as TextKey;
  }

  protected toggle(module: FeatureKey, on: boolean): void {
    const next = on ? [...this.value(), module] : this.value().filter((m) => m !== module);
    this.changed.emit(FEATURE_KEYS.filter((m) => next.includes(m)));
  }
}
