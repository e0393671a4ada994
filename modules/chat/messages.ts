import type { MessageCatalogue } from '#kernel';

/** Texts of this module's error and field codes (the problem details the API answers with). */
export const CHAT_MESSAGES: MessageCatalogue = {
  de: {
    CHAT_ROOM_NOT_FOUND: 'Diesen Chatraum gibt es nicht.',
    CHAT_NOT_YOUR_ROOM: 'Nur die Fachkraft, die den Chatraum angelegt hat, kann ihn ändern oder löschen.',
    CHAT_TOO_FAST: 'Sie schreiben sehr schnell. Bitte warten Sie einen Moment.',
    'field.participants': 'Bitte 1 bis 20 Teilnehmende auswählen.',
  },
  en: {
    CHAT_ROOM_NOT_FOUND: 'This chat room does not exist.',
    CHAT_NOT_YOUR_ROOM: 'Only the counsellor who opened the chat room can change or delete it.',
    CHAT_TOO_FAST: 'You are writing very fast. Please wait a moment.',
    'field.participants': 'Please choose 1 to 20 participants.',
  },
};
