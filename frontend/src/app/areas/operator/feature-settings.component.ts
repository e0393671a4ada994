import { NgComponentOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, resource } from '@angular/core';

import type { FeatureKey } from '@contracts/modules';

import { FEATURES } from '../../features/registry';

/**
 * The licensed features' own settings for one centre (e.g. which server a module talks to),
 * each a panel of its feature, given the centre's slug.
 */
@Component({
  selector: 'bd-feature-settings',
  imports: [NgComponentOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (panel of panels(); track panel.key) {
      <ng-container *ngComponentOutlet="panel.type; inputs: { centre: slug() }" />
    }
  `,
})
export class FeatureSettingsComponent {
  readonly slug = input.required<string>();
  readonly modules = input.required<readonly FeatureKey[]>();

  // The same panels for the same modules: a reloaded centre does not rebuild them.
  private readonly wanted = computed(() => FEATURES.filter((f) => this.modules().includes(f.key) && f.settingsPanel), {
    equal: (a, b) => a.length === b.length && a.every((f, i) => f.key === b[i]?.key),
  });
  private readonly loaded = resource({
    params: () => this.wanted(),
    loader: ({ params }) => Promise.all(params.map(async (f) => ({ key: f.key, type: await f.settingsPanel!() }))),
  });
  protected readonly panels = computed(() => (this.loaded.hasValue() ? this.loaded.value() : []));
}
