import { NgComponentOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, type Type, computed, inject, input, reflectComponentType, resource } from '@angular/core';

import type { FeatureKey } from '@contracts/modules';

import type { LazyComponent } from '../../core/features/feature';
import { PortalStore } from './portal.store';

/** A component a licensed feature contributes to a kernel view. */
export interface FeatureComponent {
  /** Unique among the components shown together. */
  readonly id: string;
  readonly feature: FeatureKey;
  readonly load: LazyComponent;
}

/**
 * Shows components of features where a kernel view has room for them, in the order given, once
 * their code is loaded. Each gets those of the inputs it declares, plus `info`: its feature's part
 * of the centre's portal info.
 */
@Component({
  selector: 'bd-feature-outlet',
  imports: [NgComponentOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (c of shown(); track c.id) {
      <ng-container *ngComponentOutlet="c.type; inputs: c.inputs" />
    }
  `,
})
export class FeatureOutletComponent {
  readonly components = input.required<readonly FeatureComponent[]>();
  /** What the view hands to every component (e.g. the centre's slug and the case). */
  readonly inputs = input<Readonly<Record<string, unknown>>>({});
  private readonly portal = inject(PortalStore);

  private readonly loaded = resource({
    params: () => this.components(),
    loader: ({ params }) => Promise.all(params.map(async (c) => ({ ...c, type: await c.load() }))),
  });

  protected readonly shown = computed(() => {
    const loaded = this.loaded.hasValue() ? this.loaded.value() : [];
    const features = this.portal.centre()?.features ?? {};
    return loaded.map((c) => ({ id: c.id, type: c.type, inputs: declared(c.type, { ...this.inputs(), info: features[c.feature] }) }));
  });
}

/** Only the inputs a component declares: setting any other is an error. */
function declared(type: Type<unknown>, inputs: Record<string, unknown>): Record<string, unknown> {
  const names = new Set(reflectComponentType(type)?.inputs.map((i) => i.templateName) ?? []);
  return Object.fromEntries(Object.entries(inputs).filter(([name]) => names.has(name)));
}
