import { Pipe, type PipeTransform, inject } from '@angular/core';

import { I18n, type TextKey } from './i18n.service';

/**
 * `{{ 'login.title' | t }}`: only keys of the dictionary compile (strictTemplates). Impure so it
 * re-reads the language signal on every check.
 */
@Pipe({ name: 't', pure: false })
export class TranslatePipe implements PipeTransform {
  private readonly i18n = inject(I18n);

  transform(key: TextKey, params?: Record<string, string | number>): string {
    return this.i18n.t(key, params);
  }
}
