import { defineTemplates } from '#kernel';

/** This module's notification e-mails: that something happened, never what was written. */
export const MAIL_TEMPLATES = defineTemplates({
  'new-enquiry': {
    de: (p) => ({
      subject: `Neue Anfrage – ${p.centreName}`,
      text: `Guten Tag,\n\nin BeraDIG ist eine neue Anfrage eingegangen. Bitte ordnen Sie sie einer Beratungsfachkraft zu:\n\n${p.link}`,
    }),
    en: (p) => ({
      subject: `New enquiry – ${p.centreName}`,
      text: `Hello,\n\na new enquiry has arrived in BeraDIG. Please assign it to a counsellor:\n\n${p.link}`,
    }),
  },
  'new-message': {
    digest: true,
    de: (p) => ({
      subject: 'Sie haben eine neue Nachricht in BeraDIG',
      text: `Guten Tag,\n\nSie haben eine neue Nachricht in BeraDIG („${p.centreName}“). Aus Gründen des Datenschutzes steht der Inhalt nicht in dieser E-Mail. Sie können sie hier lesen:\n\n${p.link}`,
    }),
    en: (p) => ({
      subject: 'You have a new message in BeraDIG',
      text: `Hello,\n\nyou have a new message in BeraDIG ("${p.centreName}"). To protect your privacy, its content is not in this e-mail. You can read it here:\n\n${p.link}`,
    }),
  },
  'absent-message': {
    // A client writing several messages to an absent counsellor is one notice to the administration.
    oncePerMinutes: 60,
    de: (p) => ({
      subject: `Nachricht an eine abwesende Fachkraft – ${p.centreName}`,
      text: `Guten Tag,\n\nfür eine Beratungsfachkraft, deren Abwesenheitsassistent eingeschaltet ist, ist eine Nachricht eingegangen. Sie können der ratsuchenden Person eine allgemeine Mitteilung senden oder die Beratung neu zuordnen:\n\n${p.link}`,
    }),
    en: (p) => ({
      subject: `Message for an absent counsellor – ${p.centreName}`,
      text: `Hello,\n\na message arrived for a counsellor whose absence assistant is on. You can send the client a general notice or reassign the case:\n\n${p.link}`,
    }),
  },

});
