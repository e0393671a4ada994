/**
 * Video texts the shell may show anywhere: the module's name, its navigation, its settings panel
 * (the administration's and the operator's pages). The pages' texts are in page-texts.ts.
 */
export const de = {
  'module.video': 'Videoberatung',
  'contact.video': 'Video',
  'nav.video': 'Video',
  'video.settings.title': 'Videoberatung: Jitsi-Server',
  'video.settings.own': 'Die Videoräume laufen auf dem eigenen Jitsi-Server dieser Beratungsstelle ({domain}).',
  'video.settings.server': 'Die Videoräume laufen auf dem Jitsi-Server der Plattform ({domain}). Tragen Sie unten einen eigenen ein, wenn die Beratungsstelle einen hat.',
  'video.settings.none': 'Es ist noch kein Jitsi-Server eingerichtet: Niemand kann Videoräume betreten, bis einer eingetragen ist.',
  'video.settings.domain': 'Adresse des Jitsi-Servers',
  'video.settings.domainHint': 'Nur der Name des Servers, ohne https://, z. B. meet.beratung.example.',
  'video.settings.appId': 'App-ID (JWT_APP_ID)',
  'video.settings.secret': 'Geheimnis (JWT_APP_SECRET)',
  'video.settings.secretHint': 'Mindestens {min} Zeichen, so wie es auf dem Jitsi-Server eingetragen ist. Es wird verschlüsselt gespeichert und nie wieder angezeigt.',
  'video.settings.secretKeep': 'Leer lassen, um das gespeicherte Geheimnis zu behalten.',
  'video.settings.save': 'Jitsi-Server speichern',
  'video.settings.clear': 'Zurück zum Server der Plattform',
} as const;

export const en: Record<keyof typeof de, string> = {
  'module.video': 'Video counselling',
  'contact.video': 'Video',
  'nav.video': 'Video',
  'video.settings.title': 'Video counselling: Jitsi server',
  'video.settings.own': 'The video rooms run on this centre’s own Jitsi server ({domain}).',
  'video.settings.server': 'The video rooms run on the platform’s Jitsi server ({domain}). Enter your own below if the centre has one.',
  'video.settings.none': 'No Jitsi server is set up yet: nobody can enter video rooms until one is entered.',
  'video.settings.domain': 'Address of the Jitsi server',
  'video.settings.domainHint': 'Only the server’s name, without https://, e.g. meet.counselling.example.',
  'video.settings.appId': 'App ID (JWT_APP_ID)',
  'video.settings.secret': 'Secret (JWT_APP_SECRET)',
  'video.settings.secretHint': 'At least {min} characters, as set on the Jitsi server. It is stored encrypted and never shown again.',
  'video.settings.secretKeep': 'Leave empty to keep the stored secret.',
  'video.settings.save': 'Save the Jitsi server',
  'video.settings.clear': 'Back to the platform’s server',
};
