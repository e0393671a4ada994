import type { Locale } from '../common/locale.js';

/**
 * Notification e-mails. They never carry counselling content: only that something happened,
 * which centre it concerns, and a link into the platform.
 */
export interface TemplateParams {
  centreName: string;
  link: string;
  /** Hours a link stays valid, where it expires. */
  validHours?: number;
  /** A feature's own placeholders (e.g. an appointment's local date and time); never content. */
  values?: Readonly<Record<string, string>>;
}

interface Rendered {
  subject: string;
  text: string;
}

type Template = (p: TemplateParams) => Rendered;

/** One kind of notification e-mail: its words in each language, and its name for the logs. */
export interface NotificationTemplate {
  readonly kind: string;
  /** Activity that people who chose an hourly digest get summed up instead of one by one. */
  readonly digest: boolean;
  /**
   * At most one of these per person and matter (e.g. per case) in this many minutes: a burst of
   * uploads or of messages for an absent counsellor is one e-mail, not one each.
   */
  readonly oncePerMinutes?: number;
  readonly de: Template;
  readonly en: Template;
}

type TemplateSource = Record<Locale, Template> & { digest?: boolean; oncePerMinutes?: number };

/**
 * Notification templates, kernel's and features' alike: each module defines its own and passes
 * them to the notifications port, so the kernel holds no feature's words.
 */
export function defineTemplates<const K extends string>(source: Record<K, TemplateSource>): Record<K, NotificationTemplate> {
  const out = {} as Record<K, NotificationTemplate>;
  for (const kind of Object.keys(source) as K[]) {
    const { de, en, digest, oncePerMinutes } = source[kind];
    out[kind] = { kind, digest: digest ?? false, oncePerMinutes, de, en };
  }
  return out;
}

const footer: Record<Locale, string> = {
  de: 'Diese Nachricht wurde automatisch von BeraDIG versandt. Bitte antworten Sie nicht darauf.',
  en: 'This message was sent automatically by BeraDIG. Please do not reply to it.',
};

/** The kernel's own notifications: accounts, registration, assignment, the hourly digest. */
export const KERNEL_TEMPLATES = defineTemplates({
  'staff-invitation': {
    de: (p) => ({
      subject: `Einladung zu BeraDIG – ${p.centreName}`,
      text: `Guten Tag,\n\nfür Sie wurde ein Zugang bei „${p.centreName}“ in BeraDIG angelegt.\nBitte legen Sie über diesen Link Ihr eigenes Passwort fest:\n\n${p.link}\n\nDer Link ist ${p.validHours ?? 72} Stunden gültig und kann nur einmal verwendet werden.`,
    }),
    en: (p) => ({
      subject: `Invitation to BeraDIG – ${p.centreName}`,
      text: `Hello,\n\nan account has been created for you at "${p.centreName}" in BeraDIG.\nPlease set your own password using this link:\n\n${p.link}\n\nThe link is valid for ${p.validHours ?? 72} hours and can be used once.`,
    }),
  },
  'registration-confirm': {
    de: (p) => ({
      subject: `Bitte bestätigen Sie Ihre Anmeldung – ${p.centreName}`,
      text: `Guten Tag,\n\nSie haben sich bei „${p.centreName}“ in BeraDIG registriert. Bitte bestätigen Sie Ihre E-Mail-Adresse über diesen Link:\n\n${p.link}\n\nDer Link ist ${p.validHours ?? 48} Stunden gültig. Ohne Bestätigung wird die Registrierung nach einigen Tagen automatisch gelöscht.\n\nWenn Sie sich nicht registriert haben, müssen Sie nichts tun.`,
    }),
    en: (p) => ({
      subject: `Please confirm your registration – ${p.centreName}`,
      text: `Hello,\n\nyou registered at "${p.centreName}" in BeraDIG. Please confirm your e-mail address using this link:\n\n${p.link}\n\nThe link is valid for ${p.validHours ?? 48} hours. Unconfirmed registrations are deleted automatically after a few days.\n\nIf you did not register, you need not do anything.`,
    }),
  },
  'registration-exists': {
    de: (p) => ({
      subject: `Registrierung mit Ihrer Adresse – ${p.centreName}`,
      text: `Guten Tag,\n\njemand hat versucht, sich mit Ihrer E-Mail-Adresse bei „${p.centreName}“ in BeraDIG zu registrieren. Für diese Adresse gibt es bereits einen Zugang.\n\nWaren Sie das? Dann melden Sie sich einfach an. Falls Sie Ihr Passwort vergessen haben, können Sie es hier neu setzen:\n\n${p.link}\n\nWenn Sie es nicht waren, müssen Sie nichts tun.`,
    }),
    en: (p) => ({
      subject: `Registration with your address – ${p.centreName}`,
      text: `Hello,\n\nsomeone tried to register at "${p.centreName}" in BeraDIG with your e-mail address. There is already an account for this address.\n\nWas it you? Then simply log in. If you forgot your password, you can set a new one here:\n\n${p.link}\n\nIf it was not you, you need not do anything.`,
    }),
  },
  'password-reset': {
    de: (p) => ({
      subject: `Neues Passwort – ${p.centreName}`,
      text: `Guten Tag,\n\nfür Ihren Zugang bei „${p.centreName}“ wurde ein neues Passwort angefordert. Über diesen Link können Sie es festlegen:\n\n${p.link}\n\nDer Link ist ${p.validHours ?? 1} Stunde(n) gültig und kann nur einmal verwendet werden. Wenn Sie kein neues Passwort angefordert haben, ignorieren Sie diese Nachricht; Ihr Passwort bleibt unverändert.`,
    }),
    en: (p) => ({
      subject: `New password – ${p.centreName}`,
      text: `Hello,\n\na new password was requested for your account at "${p.centreName}". Set it using this link:\n\n${p.link}\n\nThe link is valid for ${p.validHours ?? 1} hour(s) and can be used once. If you did not ask for a new password, ignore this message; your password stays as it is.`,
    }),
  },
  'email-change-confirm': {
    de: (p) => ({
      subject: `Neue E-Mail-Adresse bestätigen – ${p.centreName}`,
      text: `Guten Tag,\n\nbitte bestätigen Sie diese Adresse als neue E-Mail-Adresse Ihres Zugangs bei „${p.centreName}“:\n\n${p.link}\n\nDer Link ist ${p.validHours ?? 48} Stunden gültig. Bis zur Bestätigung bleibt Ihre bisherige Adresse gültig.`,
    }),
    en: (p) => ({
      subject: `Confirm your new e-mail address – ${p.centreName}`,
      text: `Hello,\n\nplease confirm this address as the new e-mail address of your account at "${p.centreName}":\n\n${p.link}\n\nThe link is valid for ${p.validHours ?? 48} hours. Until you confirm, your previous address stays in use.`,
    }),
  },
  'email-change-exists': {
    de: (p) => ({
      subject: `Ihre Adresse für einen anderen Zugang? – ${p.centreName}`,
      text: `Guten Tag,\n\njemand hat versucht, Ihre E-Mail-Adresse bei „${p.centreName}“ in BeraDIG für einen anderen Zugang einzutragen. Für diese Adresse gibt es bereits Ihren Zugang; geändert wurde nichts.\n\nIhr Zugang: ${p.link}\n\nWenn Sie das nicht waren, müssen Sie nichts tun.`,
    }),
    en: (p) => ({
      subject: `Your address for another account? – ${p.centreName}`,
      text: `Hello,\n\nsomeone tried to enter your e-mail address for another account at "${p.centreName}" in BeraDIG. Your account already uses this address; nothing was changed.\n\nYour account: ${p.link}\n\nIf it was not you, you need not do anything.`,
    }),
  },
  'email-changed': {
    de: (p) => ({
      subject: `Ihre E-Mail-Adresse wurde geändert – ${p.centreName}`,
      text: `Guten Tag,\n\ndie E-Mail-Adresse Ihres Zugangs bei „${p.centreName}“ wurde geändert. Benachrichtigungen gehen ab jetzt an die neue Adresse.\n\nWaren Sie das nicht? Dann wenden Sie sich bitte umgehend an die Beratungsstelle:\n\n${p.link}`,
    }),
    en: (p) => ({
      subject: `Your e-mail address was changed – ${p.centreName}`,
      text: `Hello,\n\nthe e-mail address of your account at "${p.centreName}" was changed. Notifications now go to the new address.\n\nWas it not you? Then please contact the counselling centre at once:\n\n${p.link}`,
    }),
  },
  'case-assigned': {
    de: (p) => ({
      subject: `Ihnen wurde eine Beratung zugeordnet – ${p.centreName}`,
      text: `Guten Tag,\n\nin BeraDIG wurde Ihnen eine Beratung zugeordnet:\n\n${p.link}`,
    }),
    en: (p) => ({
      subject: `A case was assigned to you – ${p.centreName}`,
      text: `Hello,\n\na counselling case was assigned to you in BeraDIG:\n\n${p.link}`,
    }),
  },
  'message-digest': {
    de: (p) => ({
      subject: 'Neues für Sie in BeraDIG',
      text: `Guten Tag,\n\nin der letzten Stunde ist in BeraDIG („${p.centreName}“) Neues für Sie eingegangen. Aus Gründen des Datenschutzes steht hier nicht, was. Sie finden es hier:\n\n${p.link}`,
    }),
    en: (p) => ({
      subject: 'Something new for you in BeraDIG',
      text: `Hello,\n\nsomething new for you arrived in BeraDIG ("${p.centreName}") during the last hour. To protect your privacy, this e-mail does not say what. You can find it here:\n\n${p.link}`,
    }),
  },
});


export function render(template: NotificationTemplate, locale: Locale, params: TemplateParams): { subject: string; text: string; html: string } {
  const { subject, text } = template[locale](params);
  const body = `${text}\n\n-- \n${footer[locale]}`;
  return { subject, text: body, html: toHtml(body, locale) };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function toHtml(text: string, locale: Locale): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => escapeHtml(p).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>').replace(/\n/g, '<br>'))
    .map((p) => `<p>${p}</p>`)
    .join('\n');
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"></head><body style="font-family:sans-serif;line-height:1.5">${paragraphs}</body></html>`;
}
