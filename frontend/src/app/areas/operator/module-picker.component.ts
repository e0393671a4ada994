import { ChangeDetectionStrategy, Component, inject, input, output, signal, type OnInit } from '@angular/core';

import type { FeatureInfo, FeatureKey } from '@contracts/modules';

import { I18n } from '../../core/i18n/i18n.service';
import { LabelPipe } from '../../core/i18n/label.pipe';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { moduleNames } from './format';
import { OperatorApi } from './operator.api';

/**
 * The modules a centre licenses, as the server has them installed. Switching a module on
 * switches on what it needs; switching one off switches off what needs it.
 */
@Component({
  selector: 'bd-module-picker',
  imports: [LabelPipe, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset class="modules">
      <legend>{{ 'operator.modules' | t }}</legend>
      @for (m of all(); track m.key) {
        <div class="checkbox">
          <input type="checkbox" [id]="idPrefix() + '-' + m.key" [checked]="value().includes(m.key)" (change)="toggle(m.key, $any($event.target).checked)" />
          <label [for]="idPrefix() + '-' + m.key">
            {{ m.key | label: 'module' }}
            @if (m.requires.length) {
              <span class="hint">({{ 'operator.moduleRequires' | t: { modules: names(m.requires) } }})</span>
            }
          </label>
        </div>
      }
    </fieldset>
  `,
})
export class ModulePickerComponent implements OnInit {
  private readonly api = inject(OperatorApi);
  readonly value = input.required<FeatureKey[]>();
  readonly idPrefix = input('mod');
  readonly changed = output<FeatureKey[]>();
  protected readonly all = signal<FeatureInfo[]>([]);
  private readonly i18n = inject(I18n);

  ngOnInit(): void {
    void this.api.modules().then((modules) => this.all.set(modules));
  }

  protected names(keys: FeatureKey[]): string {
    return moduleNames(this.i18n, keys);
  }

  protected toggle(module: FeatureKey, on: boolean): void {
    const all = this.all();
    const next = new Set(this.value());
    const requires = (key: FeatureKey) => all.find((m) => m.key === key)?.requires ?? [];
    if (on) {
      const add = (key: FeatureKey) => {
        if (next.has(key)) return;
        next.add(key);
        requires(key).forEach(add);
      };
      add(module);
    } else {
      const drop = (key: FeatureKey) => {
        if (!next.delete(key)) return;
        all.filter((m) => m.requires.includes(key)).forEach((m) => drop(m.key));
      };
      drop(module);
    }
    this.changed.emit(all.map((m) => m.key).filter((k) => next.has(k)));
  }
}
