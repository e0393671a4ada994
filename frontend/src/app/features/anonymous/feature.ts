import { featureParts } from '../../core/features/feature';
import { de, en } from './i18n';

/** The anonymous live chat and topic chats: no account needed. */
export const anonymous = featureParts({
  texts: { de, en },
});
