import { ApiError } from '../../core/api/api-error';
import type { I18n } from '../../core/i18n/i18n.service';

/** The sentence to show for a failed call: the server's own (localised) words when it gave some. */
export function errorText(error: unknown, i18n: I18n): string {
  const e = ApiError.from(error);
  if (e.code === 'OFFLINE') return i18n.t('common.offline');
  return e.detail ?? i18n.t('common.error');
}
