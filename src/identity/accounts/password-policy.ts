import { createRequire } from 'node:module';

import { Injectable } from '@nestjs/common';

import type { FieldProblem } from '../../common/domain-error.js';

export const PASSWORD_MIN_LENGTH = 12;
/** Long enough for any passphrase, short enough that hashing cannot be abused. */
export const PASSWORD_MAX_LENGTH = 256;

/** Words Germans put into passwords that the English-centred list does not know. */
const GERMAN_COMMON = [
  'passwort', 'kennwort', 'geheim', 'hallo', 'hallihallo', 'schatz', 'schatzi', 'liebe', 'ichliebedich', 'fussball',
  'fußball', 'sommer', 'winter', 'frühling', 'herbst', 'sonne', 'sonnenschein', 'blume', 'mausi', 'hase', 'engel',
  'prinzessin', 'deutschland', 'berlin', 'hamburg', 'muenchen', 'münchen', 'beratung', 'beradig', 'familie',
  'willkommen', 'zuhause', 'qwertz', 'qwertzuiop', 'asdfgh', 'yxcvbnm', 'abcdefg', 'test', 'testtest', 'admin',
];

/**
 * NIST SP 800-63B style checks: long enough, not on a list of common/breached passwords (49k
 * entries from zxcvbn-ts plus German words), not one repeated character or a plain sequence,
 * and not built from the person's own username or e-mail address.
 */
@Injectable()
export class PasswordPolicy {
  private common?: Set<string>;

  check(password: string, context: { email?: string; username?: string; field?: string } = {}): FieldProblem[] {
    const field = context.field ?? 'password';
    if (password.length < PASSWORD_MIN_LENGTH) return [{ field, code: 'field.minLength', params: { min: PASSWORD_MIN_LENGTH } }];
    if (password.length > PASSWORD_MAX_LENGTH) return [{ field, code: 'field.maxLength', params: { max: PASSWORD_MAX_LENGTH } }];
    const lower = password.toLowerCase();
    if (/^(.)\1+$/.test(password) || isSequence(lower)) return [{ field, code: 'field.passwordSimple' }];
    // "Passwort2024!" is "passwort" with decoration: check the core too.
    const core = lower.replace(/[\d\W_]+$/u, '').replace(/^[\d\W_]+/u, '');
    const list = this.list();
    if (list.has(lower) || (core.length >= 4 && list.has(core))) return [{ field, code: 'field.passwordCommon' }];
    const personal = [context.username, context.email?.split('@')[0]]
      .map((p) => p?.toLowerCase().trim())
      .filter((p): p is string => !!p && p.length >= 4);
    if (personal.some((p) => lower.includes(p))) return [{ field, code: 'field.passwordPersonal' }];
    return [];
  }

  private list(): Set<string> {
    if (!this.common) {
      // The 49k-entry list is loaded on first use, not at boot.
      const require = createRequire(import.meta.url);
      const { dictionary } = require('@zxcvbn-ts/language-common') as { dictionary: Record<string, string[]> };
      this.common = new Set([...(dictionary['passwords-common'] ?? []), ...GERMAN_COMMON].map((p) => p.toLowerCase()));
    }
    return this.common;
  }
}

function isSequence(text: string): boolean {
  const rows = ['abcdefghijklmnopqrstuvwxyz', '0123456789', 'qwertzuiopasdfghjklyxcvbnm', 'qwertyuiopasdfghjklzxcvbnm'];
  return rows.some((row) => {
    const twice = row + row;
    const reversed = [...twice].reverse().join('');
    return twice.includes(text) || reversed.includes(text);
  });
}
