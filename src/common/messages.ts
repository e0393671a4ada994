import type { Locale } from './locale.js';

type Catalogue = Record<string, string>;

/**
 * Texts the API itself shows to people (problem details, field errors). Keys are stable codes
 * the Angular app may also translate itself.
 */
const de: Catalogue = {
  // generic problems
  BAD_REQUEST: 'Die Anfrage ist ungültig.',
  VALIDATION_FAILED: 'Einige Angaben sind ungültig. Bitte prüfen Sie die markierten Felder.',
  UNAUTHENTICATED: 'Bitte melden Sie sich an.',
  FORBIDDEN: 'Dafür fehlt Ihnen die Berechtigung.',
  CSRF_INVALID: 'Die Sicherheitsprüfung (CSRF) ist fehlgeschlagen. Bitte laden Sie die Seite neu.',
  NOT_FOUND: 'Nicht gefunden.',
  CONFLICT: 'Das widerspricht dem aktuellen Stand.',
  PAYLOAD_TOO_LARGE: 'Die Daten sind zu groß.',
  UNSUPPORTED_MEDIA_TYPE: 'Dieses Dateiformat wird nicht angenommen.',
  TOO_MANY_REQUESTS: 'Zu viele Anfragen. Bitte warten Sie einen Moment.',
  INTERNAL_ERROR: 'Ein unerwarteter Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.',
  BODY_TOO_DEEP: 'Die Anfrage ist zu tief verschachtelt (höchstens {max} Ebenen).',
  BODY_ENCODING: 'Die Anfrage muss gültiges UTF-8 sein.',
  QUERY_ENCODING: 'Die Adresse enthält Zeichen, die nicht gültig kodiert sind (UTF-8).',
  // tenancy / platform
  CENTRE_NOT_FOUND: 'Diese Beratungsstelle gibt es nicht.',
  CENTRE_SUSPENDED: 'Diese Beratungsstelle ist derzeit nicht erreichbar.',
  SLUG_TAKEN: 'Diese Adresse ist bereits vergeben.',
  ASSET_TYPE: 'Bitte laden Sie ein Bild im Format PNG, JPEG oder WebP hoch.',
  ASSET_TOO_LARGE: 'Das Bild ist zu groß (höchstens {max}).',
  // identity
  LOGIN_FAILED: 'Anmeldung fehlgeschlagen. Bitte prüfen Sie Ihre Angaben.',
  ACCOUNT_LOCKED: 'Zu viele Fehlversuche. Bitte versuchen Sie es in einigen Minuten erneut.',
  TOKEN_INVALID: 'Der Link ist ungültig oder abgelaufen.',
  EMAIL_NOT_CONFIRMED: 'Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse über den Link, den wir Ihnen geschickt haben.',
  ACCOUNT_DEACTIVATED: 'Ihr Zugang ist gesperrt. Bitte wenden Sie sich an die Beratungsstelle.',
  TOTP_REQUIRED: 'Bitte geben Sie den Code aus Ihrer Authenticator-App ein.',
  TOTP_INVALID: 'Der Code stimmt nicht. Bitte versuchen Sie es erneut.',
  TWO_FACTOR_SETUP_REQUIRED: 'Für diesen Zugang ist die Anmeldung mit zweitem Faktor vorgeschrieben. Bitte richten Sie ihn zuerst ein.',
  TWO_FACTOR_REQUIRED: 'Für diesen Zugang ist die Anmeldung mit zweitem Faktor vorgeschrieben; er kann nicht abgeschaltet werden.',
  TWO_FACTOR_ACTIVE: 'Die Anmeldung mit zweitem Faktor ist bereits eingerichtet.',
  TWO_FACTOR_INACTIVE: 'Die Anmeldung mit zweitem Faktor ist nicht eingerichtet.',
  USERNAME_TAKEN: 'Dieser Benutzername ist schon vergeben. Bitte wählen Sie einen anderen.',
  EMAIL_TAKEN: 'Diese E-Mail-Adresse ist bereits vergeben.',
  PASSWORD_WRONG: 'Das Passwort stimmt nicht.',
  LAST_ADMIN: 'Die letzte Verwaltung kann nicht gesperrt oder gelöscht werden.',
  NOT_YOURSELF: 'Das können Sie nicht für Ihren eigenen Zugang tun.',
  NOT_ACTIVATED: 'Dieser Zugang wurde noch nicht aktiviert.',
  NOT_INVITED: 'Für diesen Zugang steht keine Einladung aus.',
  CASE_NOT_FOUND: 'Diese Beratung gibt es nicht.',
  GUEST_SIGNED_IN: 'Sie sind angemeldet. Um anonym zu bleiben, melden Sie sich bitte zuerst ab.',
  GUEST_SESSIONS_TOO_MANY: 'Von hier aus wurden gerade sehr viele anonyme Zugänge geöffnet. Bitte versuchen Sie es in einer Weile erneut – in einer Krise erreichen Sie die Telefonseelsorge unter 0800 111 0 111.',
  // field errors
  'field.required': 'Bitte ausfüllen.',
  'field.unknown': 'Dieses Feld ist nicht vorgesehen.',
  'field.null': 'Bitte einen Wert angeben oder das Feld weglassen.',
  'field.depth': 'Zu tief verschachtelt (höchstens {max} Ebenen).',
  'field.object': 'Die Anfrage muss ein JSON-Objekt sein.',
  'field.characters': 'Der Text enthält unzulässige Zeichen (Steuerzeichen oder ungültige Unicode-Zeichen).',
  'field.singleLine': 'Bitte in einer Zeile, ohne Zeilenumbrüche und Tabulatoren.',
  'field.string': 'Bitte einen Text angeben.',
  'field.boolean': 'Bitte ja oder nein angeben.',
  'field.array': 'Bitte eine Liste angeben.',
  'field.email': 'Bitte eine gültige E-Mail-Adresse angeben.',
  'field.url': 'Bitte eine gültige Webadresse (https://…) angeben.',
  'field.minLength': 'Bitte mindestens {min} Zeichen angeben.',
  'field.maxLength': 'Bitte höchstens {max} Zeichen angeben.',
  'field.slug': 'Nur Kleinbuchstaben, Ziffern und Bindestriche, 3 bis 63 Zeichen, nicht am Anfang oder Ende ein Bindestrich.',
  'field.slugReserved': 'Diese Adresse ist reserviert.',
  'field.module': 'Unbekanntes Modul. Erlaubt sind: {allowed}.',
  'field.moduleRequires': 'Das Modul „{module}“ braucht auch: {requires}.',
  'field.unique': 'Jeder Eintrag darf nur einmal vorkommen.',
  'field.invalid': 'Dieser Wert ist ungültig.',
  'field.username': 'Nur Buchstaben, Ziffern, Punkt, Binde- und Unterstrich; am Anfang ein Buchstabe oder eine Ziffer.',
  'field.privacyRequired': 'Bitte stimmen Sie der Datenschutzerklärung zu.',
  'field.passwordSimple': 'Dieses Passwort ist zu einfach (Wiederholung oder Tastenfolge).',
  'field.passwordCommon': 'Dieses Passwort ist weit verbreitet und leicht zu erraten. Bitte wählen Sie ein anderes.',
  'field.passwordPersonal': 'Das Passwort darf Ihren Benutzernamen oder Ihre E-Mail-Adresse nicht enthalten.',
  'field.passwordWrong': 'Das Passwort stimmt nicht.',
  'field.totp': 'Bitte den sechsstelligen Code eingeben.',
  'field.totpWrong': 'Der Code stimmt nicht. Bitte versuchen Sie es erneut.',
  'field.staffRole': 'Bitte „counsellor“ (Beratung) oder „admin“ (Verwaltung) wählen.',
  'field.counsellorUnknown': 'Diese Beratungsfachkraft gibt es hier nicht (oder sie ist gesperrt).',
  'field.groupSize': 'Eine Gruppe hat zwei bis zwanzig Mitglieder.',
  'field.notYourClients': 'In eine Gruppe können nur Ratsuchende, die Ihnen zugeordnet sind.',
  'field.postcode': 'Bitte eine fünfstellige Postleitzahl angeben.',
};

const en: Catalogue = {
  BAD_REQUEST: 'The request is invalid.',
  VALIDATION_FAILED: 'Some fields are invalid. Please check the marked fields.',
  UNAUTHENTICATED: 'Please log in.',
  FORBIDDEN: 'You are not allowed to do this.',
  CSRF_INVALID: 'The security check (CSRF) failed. Please reload the page.',
  NOT_FOUND: 'Not found.',
  CONFLICT: 'This conflicts with the current state.',
  PAYLOAD_TOO_LARGE: 'The data is too large.',
  UNSUPPORTED_MEDIA_TYPE: 'This file type is not accepted.',
  TOO_MANY_REQUESTS: 'Too many requests. Please wait a moment.',
  INTERNAL_ERROR: 'An unexpected error occurred. Please try again later.',
  BODY_TOO_DEEP: 'The request is nested too deeply (at most {max} levels).',
  BODY_ENCODING: 'The request must be valid UTF-8.',
  QUERY_ENCODING: 'The address contains characters that are not validly encoded (UTF-8).',
  CENTRE_NOT_FOUND: 'This counselling centre does not exist.',
  CENTRE_SUSPENDED: 'This counselling centre is currently unavailable.',
  SLUG_TAKEN: 'This address is already taken.',
  ASSET_TYPE: 'Please upload a PNG, JPEG or WebP image.',
  ASSET_TOO_LARGE: 'The image is too large (at most {max}).',
  LOGIN_FAILED: 'Login failed. Please check your details.',
  ACCOUNT_LOCKED: 'Too many failed attempts. Please try again in a few minutes.',
  TOKEN_INVALID: 'The link is invalid or has expired.',
  EMAIL_NOT_CONFIRMED: 'Please confirm your e-mail address first, using the link we sent you.',
  ACCOUNT_DEACTIVATED: 'Your account is blocked. Please contact the counselling centre.',
  TOTP_REQUIRED: 'Please enter the code from your authenticator app.',
  TOTP_INVALID: 'The code is wrong. Please try again.',
  TWO_FACTOR_SETUP_REQUIRED: 'Two-factor login is required for this account. Please set it up first.',
  TWO_FACTOR_REQUIRED: 'Two-factor login is required for this account; it cannot be switched off.',
  TWO_FACTOR_ACTIVE: 'Two-factor login is already set up.',
  TWO_FACTOR_INACTIVE: 'Two-factor login is not set up.',
  USERNAME_TAKEN: 'This username is taken. Please choose another one.',
  EMAIL_TAKEN: 'This e-mail address is already in use.',
  PASSWORD_WRONG: 'The password is wrong.',
  LAST_ADMIN: 'The last admin cannot be blocked or deleted.',
  NOT_YOURSELF: 'You cannot do this to your own account.',
  NOT_ACTIVATED: 'This account has not been activated yet.',
  NOT_INVITED: 'There is no open invitation for this account.',
  CASE_NOT_FOUND: 'This case does not exist.',
  GUEST_SIGNED_IN: 'You are logged in. To stay anonymous, please log out first.',
  GUEST_SESSIONS_TOO_MANY: 'Very many anonymous sessions were just opened from here. Please try again in a while – in a crisis you can reach the Telefonseelsorge on 0800 111 0 111.',
  'field.required': 'Please fill in.',
  'field.unknown': 'This field is not expected.',
  'field.null': 'Please give a value or leave the field out.',
  'field.depth': 'Nested too deeply (at most {max} levels).',
  'field.object': 'The request must be a JSON object.',
  'field.characters': 'The text contains characters that are not allowed (control characters or invalid Unicode).',
  'field.singleLine': 'Please use one line, without line breaks or tabs.',
  'field.string': 'Please enter text.',
  'field.boolean': 'Please answer yes or no.',
  'field.array': 'Please give a list.',
  'field.email': 'Please enter a valid e-mail address.',
  'field.url': 'Please enter a valid web address (https://…).',
  'field.minLength': 'Please enter at least {min} characters.',
  'field.maxLength': 'Please enter at most {max} characters.',
  'field.slug': 'Lower-case letters, digits and hyphens only, 3 to 63 characters, no hyphen at either end.',
  'field.slugReserved': 'This address is reserved.',
  'field.module': 'Unknown module. Allowed: {allowed}.',
  'field.moduleRequires': 'The module "{module}" also needs: {requires}.',
  'field.unique': 'Each entry may appear only once.',
  'field.invalid': 'This value is invalid.',
  'field.username': 'Letters, digits, dot, hyphen and underscore only, starting with a letter or digit.',
  'field.privacyRequired': 'Please accept the privacy statement.',
  'field.passwordSimple': 'This password is too simple (repetition or keyboard sequence).',
  'field.passwordCommon': 'This password is common and easy to guess. Please choose another one.',
  'field.passwordPersonal': 'The password must not contain your username or e-mail address.',
  'field.passwordWrong': 'The password is wrong.',
  'field.totp': 'Please enter the six-digit code.',
  'field.totpWrong': 'The code is wrong. Please try again.',
  'field.staffRole': 'Please choose "counsellor" or "admin".',
  'field.counsellorUnknown': 'There is no such (active) counsellor here.',
  'field.groupSize': 'A group has two to twenty members.',
  'field.notYourClients': 'Only clients assigned to you can be in a group.',
  'field.postcode': 'Please enter a five-digit postcode.',
};

/** Texts a feature adds for its own codes; see `registerMessages`. */
export type MessageCatalogue = Record<Locale, Catalogue>;

const catalogues: MessageCatalogue = { de: { ...de }, en: { ...en } };

/**
 * Adds a feature's texts (its error and field codes) at start-up. Both languages must name the
 * same codes, and no feature may take over a code that is already there.
 */
export function registerMessages(owner: string, added: MessageCatalogue): void {
  const codes = Object.keys(added.de);
  const missing = codes.filter((c) => !(c in added.en)).concat(Object.keys(added.en).filter((c) => !(c in added.de)));
  if (missing.length) throw new Error(`${owner}: texts in only one language: ${missing.join(', ')}`);
  for (const code of codes) {
    // The same text registered again (a second app in one process, as tests do) is harmless.
    if (code in catalogues.de && (catalogues.de[code] !== added.de[code] || catalogues.en[code] !== added.en[code])) {
      throw new Error(`${owner}: the code ${code} already has a text`);
    }
  }
  Object.assign(catalogues.de, added.de);
  Object.assign(catalogues.en, added.en);
}

export function hasMessage(code: string): boolean {
  return code in catalogues.de;
}

export function message(locale: Locale, code: string, params: Record<string, unknown> = {}): string {
  const template = catalogues[locale][code] ?? catalogues.de[code] ?? code;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    // A list of codes (e.g. what a PDF was refused for) is shown as the list of their texts.
    if (Array.isArray(value)) return value.map((v) => catalogues[locale][String(v)] ?? String(v)).join(', ');
    return typeof value === 'string' || typeof value === 'number' ? String(value) : `{${name}}`;
  });
}

/** Every code with a text, per language (kernel and registered features). */
export function catalogueKeys(): Record<Locale, string[]> {
  return { de: Object.keys(catalogues.de), en: Object.keys(catalogues.en) };
}
