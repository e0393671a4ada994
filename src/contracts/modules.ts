/**
 * A feature module's licence key (the folder name under modules/). Which keys exist is decided by
 * the feature registry, not here; the operator's API lists them (`GET /platform/modules`).
 */
export type FeatureKey = string;

/** What a feature key looks like. */
export const FEATURE_KEY_PATTERN = /^[a-z][a-z0-9-]{1,30}$/;

/** An installed feature module as the operator's console sees it. */
export interface FeatureInfo {
  key: FeatureKey;
  /** Modules that must be licensed with this one. */
  requires: FeatureKey[];
}
