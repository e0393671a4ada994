import { Pipe, type PipeTransform, inject } from '@angular/core';

import type { TextKey } from './de';
import { I18n } from './i18n.service';

/** Keys composed at run time, e.g. 'role.' + role; the spec checks that they all exist. */
export type ComposedKey = `${'role' | 'status' | 'module' | 'topic' | 'age' | 'contact'}.${string}`;

/** `{{ 'login.title' | t }}`. Impure so it re-reads the language signal on every check. */
@Pipe({ name: 't', pure: false })
export class TranslatePipe implements PipeTransform {
  private readonly i18n = inject(I18n);

  transform(key: TextKey | ComposedKey | string, params?: Record<string, string | number>): string {
    return this.i18n.t(key as TextKey, params);
  }
}
