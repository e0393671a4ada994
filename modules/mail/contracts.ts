/** One message in a thread, as its readers get it. */
export interface MailMessageView {
  id: string;
  caseId: string;
  author: { id: string | null; name: string; role: 'client' | 'counsellor' | 'admin' };
  text: string;
  createdAt: string;
  mine: boolean;
}

export const MAX_MESSAGE_LENGTH = 20_000;

/** Realtime events of written counselling, per user. */
export const MAIL_EVENTS = {
  message: 'mail.message',
  unread: 'mail.unread',
  absentMessage: 'mail.absent-message',
} as const;
