import type { FeatureKey } from '@contracts/modules';

import type { I18n } from '../../core/i18n/i18n.service';

export function moduleNames(i18n: I18n, modules: FeatureKey[]): string {
  return modules.map((m) => i18n.label('module', m)).join(', ');
}

export function euro(i18n: I18n, amount: number): string {
  return new Intl.NumberFormat(i18n.lang() === 'en' ? 'en-GB' : 'de-DE', { style: 'currency', currency: 'EUR' }).format(amount);
}
