import { DOCUMENT, Injectable, inject, signal } from '@angular/core';

import type { LabelFamilies, LabelFamily } from './labels';
import { type Lang, TEXTS, type TextKey } from './texts';

export type { Lang, TextKey };
const STORAGE_KEY = 'beradig.lang';

/**
 * Runtime language switch without a reload: German by default, English on request. The
 * choice is kept in localStorage (not a cookie: the session cookie stays the only one).
 */
@Injectable({ providedIn: 'root' })
export class I18n {
  private readonly document = inject(DOCUMENT);
  readonly lang = signal<Lang>(this.initial());

  constructor() {
    this.document.documentElement.lang = this.lang();
  }

  t(key: TextKey, params: Record<string, string | number> = {}): string {
    const template = TEXTS[this.lang()][key] ?? key;
    return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
  }

  /** Whether the dictionary has this key (for keys made of a value the server sent). */
  has(key: string): key is TextKey {
    return Object.hasOwn(TEXTS.de, key);
  }

  /**
   * The name of a value the server sent, e.g. `label('role', 'client')`; a module or contact
   * type this app has no text for (installed on the server only) shows as it is.
   */
  label<F extends LabelFamily>(family: F, value: LabelFamilies[F]): string {
    const key = `${family}.${value}`;
    return this.has(key) ? this.t(key) : value;
  }

  set(lang: Lang): void {
    this.lang.set(lang);
    this.document.documentElement.lang = lang;
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Private mode without storage: the switch still works for this visit.
    }
  }

  toggle(): void {
    this.set(this.lang() === 'de' ? 'en' : 'de');
  }

  /** For the API: ask for problem texts in the UI's language. */
  acceptLanguage(): string {
    return this.lang() === 'en' ? 'en, de;q=0.5' : 'de, en;q=0.5';
  }

  private initial(): Lang {
    try {
      return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'de';
    } catch {
      return 'de';
    }
  }
}
