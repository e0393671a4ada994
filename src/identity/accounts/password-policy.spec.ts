import { describe, expect, it } from 'vitest';

import { PasswordPolicy } from './password-policy.js';

describe('PasswordPolicy', () => {
  const policy = new PasswordPolicy();
  const code = (password: string, context = {}) => policy.check(password, context)[0]?.code ?? 'ok';

  it('accepts long, unusual passphrases', () => {
    expect(code('Kastanienbaum-am-Ufer-7')).toBe('ok');
    expect(code('vier zufällige Wörter hier')).toBe('ok');
  });

  it('refuses short, common, decorated-common, repeated and sequential passwords', () => {
    expect(code('Kurz-1')).toBe('field.minLength');
    expect(code('1234567890123')).toBe('field.passwordSimple');
    expect(code('aaaaaaaaaaaaaa')).toBe('field.passwordSimple');
    expect(code('qwertzuiopasdf')).toBe('field.passwordSimple');
    expect(code('passwordpassword')).toBe('field.passwordCommon');
    expect(code('Passwort2024!!!')).toBe('field.passwordCommon');
    expect(code('!!Fussball12345')).toBe('field.passwordCommon');
  });

  it('refuses passwords built from the username or e-mail address', () => {
    expect(code('sonnenblume-2026', { username: 'Sonnenblume' })).toBe('field.passwordPersonal');
    expect(code('xx-mueller.anna-xx', { email: 'mueller.anna@example.org' })).toBe('field.passwordPersonal');
  });
});
