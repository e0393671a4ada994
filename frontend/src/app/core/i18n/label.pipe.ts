import { Pipe, type PipeTransform, inject } from '@angular/core';

import { I18n } from './i18n.service';
import type { LabelFamilies, LabelFamily } from './labels';

/** `{{ user.role | label: 'role' }}`: the name of a value the server sent (see I18n.label). */
@Pipe({ name: 'label', pure: false })
export class LabelPipe implements PipeTransform {
  private readonly i18n = inject(I18n);

  transform<F extends LabelFamily>(value: LabelFamilies[F], family: F): string {
    return this.i18n.label(family, value);
  }
}
