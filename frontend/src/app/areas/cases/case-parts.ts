import type { Role } from '@contracts/roles';

import type { FrontendFeature } from '../../core/features/feature';
import type { FeatureComponent } from '../portal/feature-outlet.component';

/**
 * What licensed features show in an open case for a role: the panels all members of the case
 * see, in the registry's order, then the private ones (e.g. a counsellor's notes).
 */
export function casePanels(features: readonly FrontendFeature[], role: Role): FeatureComponent[] {
  const panels = features.flatMap((f) =>
    (f.casePanels ?? []).filter((p) => p.roles.includes(role)).map((p, i) => ({ id: `${f.key}-${i}`, feature: f.key, load: p.component, private: !!p.private })),
  );
  return [...panels.filter((p) => !p.private), ...panels.filter((p) => p.private)];
}

/** How a client without a case opens one, by the licensed features that offer a way. */
export function caseOpeners(features: readonly FrontendFeature[]): FeatureComponent[] {
  return features.flatMap((f) => (f.caseOpener ? [{ id: f.key, feature: f.key, load: f.caseOpener }] : []));
}

/** The actions licensed features offer on a case in the administration's board. */
export function caseActions(features: readonly FrontendFeature[]): FeatureComponent[] {
  return features.flatMap((f) => (f.caseAction ? [{ id: f.key, feature: f.key, load: f.caseAction }] : []));
}

/** Realtime events after which lists of cases load again, as the licensed features name them. */
export function caseEvents(features: readonly FrontendFeature[]): string[] {
  return features.flatMap((f) => f.caseEvents ?? []);
}
