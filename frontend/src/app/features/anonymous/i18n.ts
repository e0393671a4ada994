/**
 * Anonymous chat texts the shell may show anywhere: the module's name, its navigation, its portal
 * section, settings and case panel. The pages' texts are in page-texts.ts.
 */
export const de = {
  'module.anonymous': 'Anonymer Chat',
  'nav.anonymous': 'Anonymer Chat',
} as const;

export const en: Record<keyof typeof de, string> = {
  'module.anonymous': 'Anonymous chat',
  'nav.anonymous': 'Anonymous chat',
};
