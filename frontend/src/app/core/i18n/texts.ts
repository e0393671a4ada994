import type { Texts } from '../features/feature';
import { ANNOUNCED, FEATURES } from '../../features/registry';
import { de } from './de';
import { en } from './en';
import { addTexts, DICTIONARY } from './dictionary';

export type Lang = 'de' | 'en';

type KeysOf<T> = T extends { texts: Texts<infer K> } ? K : never;
type PageKeysOf<T> = T extends { pageTexts?: () => Promise<Texts<infer P>> } ? P : never;

/** Every key of the app's dictionary: the kernel's and those of every registered feature. */
export type TextKey = keyof typeof de | KeysOf<(typeof FEATURES)[number]> | PageKeysOf<(typeof FEATURES)[number]> | KeysOf<typeof ANNOUNCED>;

/**
 * The app's dictionary: the kernel's texts joined with every registered feature's; a feature's
 * page texts join it when its pages load (`addTexts`), before any of them is shown.
 */
addTexts({
  de: Object.assign({}, de, ANNOUNCED.texts.de, ...FEATURES.map((f) => f.texts.de)),
  en: Object.assign({}, en, ANNOUNCED.texts.en, ...FEATURES.map((f) => f.texts.en)),
});
export const TEXTS = DICTIONARY as Readonly<Record<Lang, Readonly<Record<TextKey, string>>>>;
export { addTexts };
