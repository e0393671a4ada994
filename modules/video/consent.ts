import type { Locale } from '#kernel';

import type { VideoConsentText } from './contracts.js';

/**
 * The consent to video counselling (the seed's section 9, "Einwilligung zur Videosprechstunde").
 * A new wording gets a new version: people who accepted an older one are asked again.
 *
 * One change to the seed's wording: it promised that every video session is end-to-end
 * encrypted. Jitsi's calls are end-to-end encrypted only while every browser in the call can do
 * it; otherwise they are encrypted on the way and decrypted on the centre's video server. The
 * text says so, and the call page shows which of the two is in force.
 */
export const CONSENT_VERSION = '2026-12';

const TEXTS: Record<Locale, Omit<VideoConsentText, 'version'>> = {
  de: {
    title: 'Einwilligung zur Videosprechstunde',
    paragraphs: [
      'Bevor Sie das erste Mal an einer Videoberatung teilnehmen, informieren wir Sie über den Ablauf, die technischen Voraussetzungen und den Datenschutz. Die Teilnahme an der Videosprechstunde ist freiwillig und kostenfrei.',
      'Ablauf: Das Gespräch verläuft ähnlich wie in der Beratungsstelle, nur am Bildschirm. Sie brauchen einen Computer, ein Tablet oder ein Smartphone mit Kamera, Mikrofon und Lautsprecher und eine Internetverbindung; eine Software oder App müssen Sie nicht installieren. Der Raum öffnet sich erst, wenn Ihre Beraterin oder Ihr Berater da ist.',
      'Datenschutz: Die Videoberatung läuft über den Videoserver (Jitsi Meet) Ihrer Beratungsstelle. Es wird nichts aufgezeichnet oder gespeichert – weder Bild noch Ton. Bild und Ton sind auf dem Weg zwischen den Geräten und dem Server immer verschlüsselt. Ende-zu-Ende-verschlüsselt ist das Gespräch, solange alle Browser im Gespräch das unterstützen; sonst werden Bild und Ton auf dem Videoserver der Beratungsstelle kurz entschlüsselt, um sie weiterzuleiten. Die Seite zeigt Ihnen während des Gesprächs, welche der beiden Verschlüsselungen gerade gilt.',
      'Sie versichern, dass',
      '- die Videosprechstunde möglichst in einem geschlossenen Raum, in geschützter und ruhiger Umgebung stattfindet;',
      '- zu Beginn der Videosprechstunde alle im Raum anwesenden Personen vorgestellt werden;',
      '- Bild- und Tonaufzeichnungen während der Videosprechstunde unterbleiben;',
      '- Hilfspersonen auf die Schweigepflicht und gegebenenfalls den Datenschutz hingewiesen werden;',
      '- die technischen Voraussetzungen für die Videosprechstunde vorliegen.',
      'Sie sind einverstanden, dass Ihre Beraterin oder Ihr Berater Angaben, die sich in der Videosprechstunde ergeben und für die Beratung wesentlich sind, dokumentieren darf. Es gelten dieselben Datenschutzbestimmungen wie beim persönlichen Kontakt in der Beratungsstelle.',
      'Sie können diese Einwilligung jederzeit widerrufen – in Ihrem Bereich unter „Video“ oder durch eine mündliche Mitteilung an Ihre Beraterin oder Ihren Berater.',
    ],
  },
  en: {
    title: 'Consent to video counselling',
    paragraphs: [
      'Before you take part in video counselling for the first time, we tell you how it works, what you need and how your data is protected. Taking part is voluntary and free of charge.',
      'How it works: the conversation is much like one at the counselling centre, only on a screen. You need a computer, tablet or smartphone with a camera, microphone and speaker, and an internet connection; you do not need to install any software or app. The room opens only once your counsellor is there.',
      'Data protection: video counselling runs on your counselling centre’s own video server (Jitsi Meet). Nothing is recorded or stored – neither picture nor sound. Picture and sound are always encrypted on their way between the devices and the server. The conversation is end-to-end encrypted while every browser in it supports this; otherwise picture and sound are briefly decrypted on the centre’s video server to be passed on. During the conversation the page shows you which of the two is in force.',
      'You confirm that',
      '- the video session takes place in a closed room, in a protected and quiet setting where possible;',
      '- everyone present in the room is introduced at the start of the session;',
      '- no pictures or sound are recorded during the session;',
      '- any helpers are told about confidentiality and, where applicable, data protection;',
      '- the technical requirements for the session are met.',
      'You agree that your counsellor may document what comes up in the session and matters for the counselling. The same data protection rules apply as for personal contact at the counselling centre.',
      'You can withdraw this consent at any time – in your area under “Video”, or by telling your counsellor.',
    ],
  },
};

export function consentText(locale: Locale): VideoConsentText {
  return { version: CONSENT_VERSION, ...TEXTS[locale] };
}
