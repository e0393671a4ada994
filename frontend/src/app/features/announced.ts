/**
 * Modules that are sold (the price list has them) but have no folder here yet: only their names,
 * so the portal and the operator console can say what a centre licenses. A module's names move to
 * its own i18n.ts when it is built. (Every module on the price list is built now.)
 */
export const de = {} as const;

export const en: Record<keyof typeof de, string> = {};
