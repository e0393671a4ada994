/** Texts of appointments the shell shows anywhere; the pages' texts are in page-texts.ts. */
export const de = {
  'module.scheduling': 'Termine online buchen',
  'nav.scheduling': 'Termine',
  'scheduling.adminTab': 'Team & Krisenkontakt',
} as const;

export const en: Record<keyof typeof de, string> = {
  'module.scheduling': 'Book appointments online',
  'nav.scheduling': 'Appointments',
  'scheduling.adminTab': 'Team & crisis contact',
};
