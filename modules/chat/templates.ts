import { defineTemplates } from '#kernel';

/** This module's notification e-mails: that something happened, never what was written. */
export const CHAT_TEMPLATES = defineTemplates({
  'new-chat-message': {
    digest: true,
    de: (p) => ({
      subject: 'Sie haben eine neue Chatnachricht in BeraDIG',
      text: `Guten Tag,\n\nin einem Ihrer Chaträume in BeraDIG („${p.centreName}“) wurde Ihnen geschrieben, während Sie nicht da waren. Aus Gründen des Datenschutzes steht der Inhalt nicht in dieser E-Mail. Sie können ihn hier lesen:\n\n${p.link}`,
    }),
    en: (p) => ({
      subject: 'You have a new chat message in BeraDIG',
      text: `Hello,\n\nsomeone wrote to you in one of your chat rooms in BeraDIG ("${p.centreName}") while you were away. To protect your privacy, the content is not in this e-mail. You can read it here:\n\n${p.link}`,
    }),
  },
});
