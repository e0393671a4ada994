import { featureParts } from '../../core/features/feature';
import { de, en } from './i18n';

/** The chat: rooms of a counsellor with their clients, a page of its own. */
export const chat = featureParts({
  texts: { de, en },
  routes: () => import('./routes').then((m) => m.CHAT_ROUTES),
  nav: [{ label: 'nav.chat', path: 'chat', roles: ['client', 'counsellor'] }],
});
