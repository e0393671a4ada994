import { MAIL_EVENTS } from '@modules/mail/contracts';

import { featureParts } from '../../core/features/feature';
import { de, en } from './i18n';

/**
 * Written counselling: in a case the thread (and the counsellor's own notes), the enquiry that
 * opens a case, and the administration's notice to a client.
 */
export const mail = featureParts({
  texts: { de, en },
  casePanels: [
    { roles: ['client', 'counsellor'], component: () => import('./thread.component').then((m) => m.ThreadComponent) },
    { roles: ['counsellor'], private: true, component: () => import('./notes.component').then((m) => m.NotesComponent) },
  ],
  caseOpener: () => import('./enquiry-form.component').then((m) => m.EnquiryFormComponent),
  caseAction: () => import('./notice.component').then((m) => m.NoticeComponent),
  caseEvents: [MAIL_EVENTS.unread, MAIL_EVENTS.absentMessage],
});
