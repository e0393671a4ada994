import type { MessageCatalogue } from '#kernel';

/** Texts of this module's error and field codes (the problem details the API answers with). */
export const VIDEO_MESSAGES: MessageCatalogue = {
  de: {
    VIDEO_ROOM_NOT_FOUND: 'Diesen Videoraum gibt es nicht.',
    
    VIDEO_HOST_ABSENT:
      'Ihre Beraterin oder Ihr Berater ist noch nicht im Raum. Sobald sie oder er da ist, können Sie beitreten – diese Seite sagt es Ihnen.',
    VIDEO_CONSENT_REQUIRED: 'Bitte lesen und bestätigen Sie zuerst die Einwilligung zur Videosprechstunde.',
    VIDEO_NOT_CONFIGURED:
      'Die Videoberatung ist für diese Beratungsstelle noch nicht eingerichtet. Bitte wenden Sie sich an die Verwaltung der Beratungsstelle.',
    VIDEO_GUEST_LINK_INVALID:
      'Dieser Einladungslink gilt nicht (mehr). Bitte fragen Sie die Fachkraft, die Sie eingeladen hat, nach einem neuen Link.',
    VIDEO_GUEST_LINK_EXPIRED: 'Dieser Einladungslink ist abgelaufen. Bitte fragen Sie die Fachkraft, die Sie eingeladen hat, nach einem neuen Link.',
    VIDEO_GUEST_LINK_NOT_FOUND: 'Diesen Gastlink gibt es nicht (mehr).',
    VIDEO_GUESTS_NOT_ALLOWED: 'In diesem Raum sind Gastlinks ausgeschaltet. Schalten Sie sie in den Einstellungen des Raums ein.',
    VIDEO_TOO_MANY_GUEST_LINKS: 'Dieser Raum hat schon {max} offene Gastlinks. Bitte widerrufen Sie zuerst einen, der nicht mehr gebraucht wird.',
    'field.videoInvitees': 'Bitte höchstens {max} Ratsuchende einladen.',
    'field.videoNotYourClients': 'Einladen können Sie nur Ratsuchende, die Ihnen zugeordnet sind.',
    'field.jitsiDomain': 'Bitte nur den Namen des Jitsi-Servers angeben, z. B. meet.beratung.de (ohne https:// und ohne Pfad).',
    'field.jitsiAppId': 'Nur Buchstaben, Ziffern, Punkt, Binde- und Unterstrich, höchstens 100 Zeichen.',
    'field.jitsiSecret': 'Das Geheimnis muss mindestens {min} Zeichen lang sein.',
    'field.jitsiSecretMissing': 'Bitte geben Sie das Geheimnis (JWT_APP_SECRET) des Jitsi-Servers an.',
    'field.guestDays': 'Bitte 1 bis {max} Tage angeben.',
    'field.consentVersion': 'Bitte bestätigen Sie die aktuelle Fassung der Einwilligung (die Seite neu laden zeigt sie).',
  },
  en: {
    VIDEO_ROOM_NOT_FOUND: 'This video room does not exist.',
    
    VIDEO_HOST_ABSENT: 'Your counsellor is not in the room yet. As soon as they are, you can join – this page will tell you.',
    VIDEO_CONSENT_REQUIRED: 'Please read and confirm the consent to video counselling first.',
    VIDEO_NOT_CONFIGURED: 'Video counselling has not been set up for this centre yet. Please contact the centre’s administration.',
    VIDEO_GUEST_LINK_INVALID: 'This invitation link is not valid (any more). Please ask the counsellor who invited you for a new link.',
    VIDEO_GUEST_LINK_EXPIRED: 'This invitation link has expired. Please ask the counsellor who invited you for a new link.',
    VIDEO_GUEST_LINK_NOT_FOUND: 'This guest link does not exist (any more).',
    VIDEO_GUESTS_NOT_ALLOWED: 'Guest links are switched off for this room. Switch them on in the room’s settings.',
    VIDEO_TOO_MANY_GUEST_LINKS: 'This room already has {max} open guest links. Please revoke one that is no longer needed first.',
    'field.videoInvitees': 'Please invite at most {max} clients.',
    'field.videoNotYourClients': 'You can only invite clients assigned to you.',
    'field.jitsiDomain': 'Please give only the Jitsi server’s name, e.g. meet.counselling.org (no https://, no path).',
    'field.jitsiAppId': 'Letters, digits, dot, hyphen and underscore only, at most 100 characters.',
    'field.jitsiSecret': 'The secret must be at least {min} characters long.',
    'field.jitsiSecretMissing': 'Please give the Jitsi server’s secret (JWT_APP_SECRET).',
    'field.guestDays': 'Please give 1 to {max} days.',
    'field.consentVersion': 'Please confirm the current version of the consent (reloading the page shows it).',
  },
};
