import { defineTemplates } from '#kernel';

/** This module's notification e-mails: that something happened, never a room's name or time. */
export const VIDEO_TEMPLATES = defineTemplates({
  'video-invitation': {
    de: (p) => ({
      subject: 'Sie wurden zu einer Videoberatung in BeraDIG eingeladen',
      text: `Guten Tag,\n\nIhre Beraterin oder Ihr Berater bei „${p.centreName}“ hat Sie in BeraDIG zu einer Videoberatung eingeladen. Aus Gründen des Datenschutzes stehen keine Einzelheiten in dieser E-Mail. Nach der Anmeldung finden Sie den Raum unter „Video“:\n\n${p.link}`,
    }),
    en: (p) => ({
      subject: 'You have been invited to video counselling in BeraDIG',
      text: `Hello,\n\nyour counsellor at "${p.centreName}" has invited you to video counselling in BeraDIG. To protect your privacy, there are no details in this e-mail. After logging in you will find the room under "Video":\n\n${p.link}`,
    }),
  },
});
