import { TestBed } from '@angular/core/testing';

import { de } from './de';
import { en } from './en';
import { I18n } from './i18n.service';

describe('I18n', () => {
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

  it('has an English text for every German key, with the same parameters', () => {
    for (const key of Object.keys(de) as (keyof typeof de)[]) {
      expect(en[key], key).toBeTruthy();
      const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(params(en[key]), key).toEqual(params(de[key]));
    }
  });
});

describe('composed keys', () => {
  it('exist for every role, account status, module, topic, age group and contact type', async () => {
    const { FEATURES } = await import('../../features/registry');
    const { AGE_GROUPS, BASIC_CONTACT_TYPES, TOPICS } = await import('@contracts/cases');
    const keys = [
      ...['operator', 'admin', 'counsellor', 'client'].map((r) => `role.${r}`),
      ...['pending', 'active', 'deactivated'].map((s) => `status.${s}`),
      ...FEATURES.map((m) => `module.${m.key}`),
      ...TOPICS.map((x) => `topic.${x}`),
      ...AGE_GROUPS.map((x) => `age.${x}`),
      ...[...FEATURES.filter((f) => f.contactChannel).map((f) => f.key), ...BASIC_CONTACT_TYPES].map((x) => `contact.${x}`),
    ];
    for (const key of keys) {
      expect(key in de, key).toBe(true);
      expect(key in en, key).toBe(true);
    }
  });
});
