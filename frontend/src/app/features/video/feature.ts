import { featureParts } from '../../core/features/feature';
import { de, en } from './i18n';

/** Video counselling: rooms on the centre's Jitsi Meet, pages of its own, its settings for admin and operator. */
export const video = featureParts({
  texts: { de, en },
  pageTexts: () => import('./page-texts').then((m) => ({ de: m.de, en: m.en })),
  routes: () => import('./routes').then((m) => m.VIDEO_ROUTES),
  nav: [{ label: 'nav.video', path: 'video', roles: ['client', 'counsellor'] }],
  settingsPanel: () => import('./settings-panel.component').then((m) => m.VideoSettingsPanel),
});
