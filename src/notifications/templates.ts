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
}

interface Rendered {
  subject: string;
  text: string;
}

type Template = (p: TemplateParams) => Rendered;

const footer: Record<Locale, string> = {
  de: 'Diese Nachricht wurde automatisch von BeraDIG versandt. Bitte antworten Sie nicht darauf.',
  en: 'This message was sent automatically by BeraDIG. Please do not reply to it.',
};

export const TEMPLATES = {
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
} satisfies Record<string, Record<Locale, Template>>;

export type NotificationKind = keyof typeof TEMPLATES;

export function render(kind: NotificationKind, locale: Locale, params: TemplateParams): { subject: string; text: string; html: string } {
  const { subject, text } = TEMPLATES[kind][locale](params);
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
