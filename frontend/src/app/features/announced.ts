/**
 * Modules that are sold (the price list has them) but have no folder here yet: only their names,
 * so the portal and the operator console can say what a centre licenses. A module's names move to
 * its own i18n.ts when it is built.
 */
export const de = {
  'module.anonymous': 'Anonymer Chat',
} as const;

export const en: Record<keyof typeof de, string> = {
  'module.anonymous': 'Anonymous chat',
};
