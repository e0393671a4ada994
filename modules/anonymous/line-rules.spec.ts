import { describe, expect, it } from 'vitest';

import { containsLink } from './line-rules.js';
import { NAME_PATTERN, randomPseudonym } from './pseudonyms.js';

describe('links in visitors’ lines', () => {
  it.each([
    'schau mal auf https://example.org',
    'http://x.y',
    'www.beispiel.de',
    'www . beispiel . de',
    'geh auf beispiel.de',
    'beispiel . com ist gut',
    'Schreib mir auf t.me/jemand',
    'javascript://alert(1)',
    'mailto://a@b',
    'bit.ly/abc',
    'BEISPIEL.DE',
  ])('refuses %s', (text) => expect(containsLink(text)).toBe(true));

  it.each([
    'Ich weiß nicht mehr weiter.',
    'Es ist 3.30 Uhr und ich kann nicht schlafen',
    'Mir geht es z.B. heute schlecht.',
    'Das war am 1.12. so',
    'Er sagt immer: ...de facto ist alles gut',
    'ok. de nada',
  ])('lets %s through', (text) => expect(containsLink(text)).toBe(false));
});

describe('pseudonyms', () => {
  it('are German, random and fit the name rules', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const name = randomPseudonym();
      expect(name).toMatch(NAME_PATTERN);
      expect(name).toMatch(/^[A-ZÄÖÜ][a-zäöüß]+(e|er|es) [A-ZÄÖÜ][a-zäöüß]+ \d{2}$/);
      seen.add(name);
    }
    expect(seen.size).toBeGreaterThan(150);
  });

  it('agree in gender', () => {
    for (let i = 0; i < 200; i++) {
      const [adjective, noun] = randomPseudonym().split(' ');
      if (['Möwe', 'Eule', 'Wolke'].includes(noun!)) expect(adjective).toMatch(/e$/);
      if (['Fuchs', 'Igel', 'Stern'].includes(noun!)) expect(adjective).toMatch(/er$/);
      if (['Reh', 'Licht', 'Boot'].includes(noun!)) expect(adjective).toMatch(/es$/);
    }
  });
});
