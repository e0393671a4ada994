import { featureParts, type LazyComponent } from '../../core/features/feature';
import { addTexts } from '../../core/i18n/dictionary';
import { de, en } from './i18n';

const pageTexts = () => import('./page-texts').then((m) => ({ de: m.de, en: m.en }));

/** A part shown outside the feature's own pages brings the page texts along. */
const withTexts =
  (load: LazyComponent): LazyComponent =>
  async () => {
    const [texts, component] = await Promise.all([pageTexts(), load()]);
    addTexts(texts);
    return component;
  };

/** Appointments, the team page and crisis contacts. */
export const scheduling = featureParts({
  texts: { de, en },
  pageTexts,
  routes: () => import('./routes').then((m) => m.SCHEDULING_ROUTES),
  nav: [{ label: 'nav.scheduling', path: 'termine', roles: ['client', 'counsellor'] }],
  portalSection: withTexts(() => import('./team-teaser.component').then((m) => m.TeamTeaserComponent)),
  accountPanel: { roles: ['counsellor'], component: withTexts(() => import('./crisis-panel.component').then((m) => m.CrisisPanelComponent)) },
  adminTab: { label: 'scheduling.adminTab', component: withTexts(() => import('./admin-team.component').then((m) => m.AdminTeamComponent)) },
});
