import type { FeatureKey } from '@contracts/modules';

/** A feature module as the app knows it (its folder is features/<key>/). */
export interface FrontendFeature {
  key: FeatureKey;
  /** People can be counselled through it: a preferred way of contact. */
  contactChannel?: boolean;
}

/**
 * The app's feature registry: the one place where the shell learns which features exist.
 * Adding a module is one folder in features/ and one line here (and one in src/app.features.ts).
 */
export const FEATURES: readonly FrontendFeature[] = [{ key: 'mail', contactChannel: true }, { key: 'chat', contactChannel: true }, { key: 'documents' }];
