import { TestBed } from '@angular/core/testing';

import { AGE_GROUPS, BASIC_CONTACT_TYPES, TOPICS } from '@contracts/cases';
import { ALL_ROLES } from '@contracts/roles';

import { ANNOUNCED, FEATURES } from '../../features/registry';
import { de } from './de';
import { en } from './en';
import { I18n } from './i18n.service';
import { addTexts, TEXTS } from './texts';

/** The kernel's texts, every registered feature's (with its page texts) and the announced modules' names. */
const dictionaries: { name: string; de: Readonly<Record<string, string>>; en: Readonly<Record<string, string>> }[] = [
  { name: 'kernel', de, en },
  ...FEATURES.map((f) => ({ name: f.key, ...f.texts })),
  { name: 'announced', ...ANNOUNCED.texts },
];

describe('I18n', () => {
  beforeAll(async () => {
    // What the portal does when a feature's pages load.
    for (const feature of FEATURES) {
      const pages = 'pageTexts' in feature ? await feature.pageTexts?.() : undefined;
      if (!pages) continue;
      addTexts(pages);
      dictionaries.push({ name: `${feature.key} pages`, ...pages });
    }
  });
  beforeEach(() => localStorage.clear());

  it('speaks German by default and fills parameters', () => {
    const i18n = TestBed.inject(I18n);
    expect(i18n.lang()).toBe('de');
    expect(i18n.t('login.signedInAs', { name: 'Birgit' })).toBe('Angemeldet als Birgit');
    expect(document.documentElement.lang).toBe('de');
  });

  it('switches to English, remembers it and sets the page language', () => {
    const i18n = TestBed.inject(I18n);
    i18n.set('en');
    expect(i18n.t('login.title')).toBe('Log in');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('beradig.lang')).toBe('en');
    expect(i18n.acceptLanguage()).toMatch(/^en/);
  });

  it('has an English text for every German key, with the same parameters, in every dictionary', () => {
    const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const dictionary of dictionaries) {
      const german: Record<string, string> = dictionary.de;
      const english: Record<string, string> = dictionary.en;
      expect(Object.keys(english).sort(), dictionary.name).toEqual(Object.keys(german).sort());
      for (const key of Object.keys(german)) {
        expect(english[key], key).toBeTruthy();
        expect(params(english[key]!), key).toEqual(params(german[key]!));
      }
    }
  });

  it('joins the dictionaries without one text hiding another', () => {
    const seen = new Map<string, string>();
    for (const dictionary of dictionaries) {
      for (const key of Object.keys(dictionary.de)) {
        expect(seen.get(key), `${key} (${dictionary.name})`).toBeUndefined();
        seen.set(key, dictionary.name);
      }
    }
    expect(Object.keys(TEXTS.de).length).toBe(seen.size);
    expect(Object.keys(TEXTS.en).length).toBe(seen.size);
  });

  it('names a module the app has no text for by its key', () => {
    const i18n = TestBed.inject(I18n);
    expect(i18n.label('module', 'not-built-here')).toBe('not-built-here');
    expect(i18n.label('role', 'client')).toBe('Ratsuchende');
  });
});

describe('composed keys', () => {
  it('exist for every role, account status, module, topic, age group and contact type', () => {
    const keys = [
      ...ALL_ROLES.map((r) => `role.${r}`),
      ...['pending', 'active', 'deactivated'].map((s) => `status.${s}`),
      ...FEATURES.map((f) => `module.${f.key}`),
      ...TOPICS.map((x) => `topic.${x}`),
      ...AGE_GROUPS.map((x) => `age.${x}`),
      ...[...FEATURES.filter((f) => 'contactChannel' in f && f.contactChannel).map((f) => f.key), ...BASIC_CONTACT_TYPES].map((x) => `contact.${x}`),
    ];
    for (const key of keys) {
      expect(key in TEXTS.de, key).toBe(true);
      expect(key in TEXTS.en, key).toBe(true);
    }
  });
});
