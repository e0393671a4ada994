/** The licensable feature modules; a centre's licence is a subset of these keys. */
export const FEATURE_KEYS = ['mail', 'chat', 'documents', 'video', 'scheduling', 'anonymous'] as const;
export type FeatureKey = (typeof FEATURE_KEYS)[number];

export function isFeatureKey(value: unknown): value is FeatureKey {
  return typeof value === 'string' && (FEATURE_KEYS as readonly string[]).includes(value);
}
