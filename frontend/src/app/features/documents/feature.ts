import { featureParts } from '../../core/features/feature';
import { de, en } from './i18n';

/** The document box of a case: PDFs that client and counsellor exchange. */
export const documents = featureParts({
  texts: { de, en },
  casePanels: [{ roles: ['client', 'counsellor'], component: () => import('./document-box.component').then((m) => m.DocumentBoxComponent) }],
});
