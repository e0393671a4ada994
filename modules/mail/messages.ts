import type { MessageCatalogue } from '#kernel';

/** Texts of this module's error and field codes (the problem details the API answers with). */
export const MAIL_MESSAGES: MessageCatalogue = {
  de: {
    ENQUIRY_EXISTS: 'Sie haben Ihr Anliegen schon geschrieben. Schreiben Sie einfach in Ihrem Verlauf weiter.',
    CASE_CHANGED: 'Die Beratung wurde gerade neu zugeordnet. Bitte senden Sie Ihre Nachricht noch einmal.',
    NOTICE_NOT_ALLOWED: 'Eine Mitteilung der Verwaltung ist nur vor der Zuordnung oder bei Abwesenheit der Fachkraft möglich.',
  },
  en: {
    ENQUIRY_EXISTS: 'You have already written your enquiry. Just continue in your thread.',
    CASE_CHANGED: 'The counselling was just handed to someone else. Please send your message again.',
    NOTICE_NOT_ALLOWED: 'The administration may write only before assignment or while the counsellor is away.',
  },
};
