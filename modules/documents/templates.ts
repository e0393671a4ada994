import { defineTemplates } from '#kernel';

/** This module's notification e-mails: that something happened, never what was written. */
export const DOCUMENTS_TEMPLATES = defineTemplates({
  'new-document': {
    digest: true,
    // Ten files shared in a row are one notice.
    oncePerMinutes: 30,
    de: (p) => ({
      subject: 'Sie haben ein neues Dokument in BeraDIG',
      text: `Guten Tag,\n\nfür Sie wurde ein neues Dokument in BeraDIG („${p.centreName}“) abgelegt. Aus Gründen des Datenschutzes hängt es nicht an dieser E-Mail. Sie finden es hier:\n\n${p.link}`,
    }),
    en: (p) => ({
      subject: 'You have a new document in BeraDIG',
      text: `Hello,\n\na new document was shared with you in BeraDIG ("${p.centreName}"). To protect your privacy, it is not attached to this e-mail. You can find it here:\n\n${p.link}`,
    }),
  },
});
