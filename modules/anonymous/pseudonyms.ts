import { randomInt } from 'node:crypto';

/** Adjective stems that take the strong endings (-e, -er, -es) without an article. */
const ADJECTIVES = [
  'blau', 'grün', 'still', 'hell', 'leis', 'mutig', 'ruhig', 'sanft', 'warm', 'klar', 'frei', 'weit', 'bunt', 'froh',
  'wach', 'zart', 'kühn', 'flink', 'heiter', 'munter', 'sonnig', 'golden', 'silbern', 'rot', 'gelb', 'fein', 'treu', 'neu',
];

/** Nouns of nature, by grammatical gender (the adjective's ending follows it). */
const NOUNS: Record<'f' | 'm' | 'n', string[]> = {
  f: ['Möwe', 'Eule', 'Libelle', 'Wolke', 'Birke', 'Welle', 'Feder', 'Lerche', 'Amsel', 'Blume', 'Linde', 'Quelle'],
  m: ['Fuchs', 'Igel', 'Falke', 'Stern', 'Baum', 'Fluss', 'Wal', 'Otter', 'Kranich', 'Mond', 'Regen', 'Berg', 'Dachs'],
  n: ['Reh', 'Licht', 'Blatt', 'Boot', 'Pony', 'Moos', 'Segel', 'Schaf', 'Wiesel', 'Echo'],
};
const ENDINGS = { f: 'e', m: 'er', n: 'es' } as const;

const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)]!;

/** A random German pseudonym, e.g. "Blaue Möwe 27" (from the CSPRNG; the number makes repeats rare). */
export function randomPseudonym(): string {
  const gender = pick(['f', 'm', 'n'] as const);
  const stem = pick(ADJECTIVES);
  const adjective = `${stem.charAt(0).toUpperCase()}${stem.slice(1)}${ENDINGS[gender]}`;
  return `${adjective} ${pick(NOUNS[gender])} ${randomInt(10, 100)}`;
}

/** What a pseudonym or nickname may be: letters, digits, spaces and a few marks, 2–30 characters. */
export const NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} .'_-]{1,29}$/u;
