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
  // field errors
  'field.required': 'Bitte ausfüllen.',
  'field.unknown': 'Dieses Feld ist nicht vorgesehen.',
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
  'field.unique': 'Jeder Eintrag darf nur einmal vorkommen.',
  'field.invalid': 'Dieser Wert ist ungültig.',
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
  CENTRE_NOT_FOUND: 'This counselling centre does not exist.',
  CENTRE_SUSPENDED: 'This counselling centre is currently unavailable.',
  SLUG_TAKEN: 'This address is already taken.',
  ASSET_TYPE: 'Please upload a PNG, JPEG or WebP image.',
  ASSET_TOO_LARGE: 'The image is too large (at most {max}).',
  LOGIN_FAILED: 'Login failed. Please check your details.',
  ACCOUNT_LOCKED: 'Too many failed attempts. Please try again in a few minutes.',
  TOKEN_INVALID: 'The link is invalid or has expired.',
  'field.required': 'Please fill in.',
  'field.unknown': 'This field is not expected.',
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
  'field.unique': 'Each entry may appear only once.',
  'field.invalid': 'This value is invalid.',
};

const catalogues: Record<Locale, Catalogue> = { de, en };

export function hasMessage(code: string): boolean {
  return code in de;
}

export function message(locale: Locale, code: string, params: Record<string, unknown> = {}): string {
  const template = catalogues[locale][code] ?? catalogues.de[code] ?? code;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : `{${name}}`;
  });
}

export const catalogueKeys = { de: Object.keys(de), en: Object.keys(en) };
