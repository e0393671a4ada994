import type { Texts } from '../features/feature';

/**
 * The app's dictionary itself, without knowing who fills it (so a feature can add its page texts
 * without importing the registry that imports the feature). `texts.ts` puts the kernel's and
 * every feature's texts in at start.
 */
export const DICTIONARY: Record<'de' | 'en', Record<string, string>> = { de: {}, en: {} };

export function addTexts(texts: Texts<string>): void {
  Object.assign(DICTIONARY.de, texts.de);
  Object.assign(DICTIONARY.en, texts.en);
}
