import type { SocketAck } from '../../src/contracts/problem.js';

/**
 * Module `anonymous`: the anonymous live chat and topic chats — what the Angular app and the
 * server share. Visitors are guests (a guest session, no account); they are known by a
 * pseudonym only, never by a name, an address or an IP address.
 */

/** A number to call in a crisis, shown where a visitor waits. */
export interface EmergencyNumber {
  label: string;
  number: string;
}

/** The centre's choice, until it makes one. */
export const DEFAULT_EMERGENCY_NUMBERS: readonly EmergencyNumber[] = [
  { label: 'Telefonseelsorge (kostenfrei, rund um die Uhr)', number: '0800 111 0 111' },
  { label: 'Telefonseelsorge', number: '0800 111 0 222' },
  { label: 'Nummer gegen Kummer (Kinder und Jugendliche)', number: '116 111' },
  { label: 'Notruf', number: '112' },
];

export const MAX_EMERGENCY_NUMBERS = 8;
export const MAX_LINE_LENGTH = 1000;
export const MAX_PSEUDONYM_LENGTH = 30;
export const MAX_TOPIC_TITLE_LENGTH = 120;
export const MAX_TOPIC_DESCRIPTION_LENGTH = 1000;
export const MAX_CAPACITY = 10;
/** A topic chat's history may stay this many days after its window, if the centre wants it. */
export const MAX_TOPIC_RETENTION_DAYS = 7;

/** Whether the live chat is open, for the portal and the login page. */
export interface LiveStatus {
  open: boolean;
  /** Until when at least one counsellor staffs it (the latest end of the duties in force). */
  until: string | null;
  /** Open, but every counsellor is at their capacity: visitors wait. */
  busy: boolean;
}

/** A topic chat as everyone sees it (portal, public link). */
export interface TopicPublicView {
  id: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  /** upcoming: not yet; open: visitors may join; over: the window passed or it was closed. */
  state: 'upcoming' | 'open' | 'over';
}

/** What the portal and the public pages know of the module (no session needed). */
export interface AnonymousPublicInfo {
  live: LiveStatus;
  emergencyNumbers: EmergencyNumber[];
  /** Where the quick exit leads (a neutral site). */
  exitUrl: string;
  /** Topic chats now open and announced ones, soonest first. */
  topics: TopicPublicView[];
}

export type OfferState = 'none' | 'offered' | 'registered' | 'converted';

/** A line of a live chat. */
export interface LiveLineView {
  id: string;
  chatId: string;
  author: 'visitor' | 'counsellor';
  /** The counsellor's name, or the visitor's pseudonym. */
  name: string;
  text: string;
  createdAt: string;
}

/** The visitor's own live chat. */
export interface VisitorChatView {
  id: string;
  status: 'waiting' | 'active';
  /** Place in the queue while waiting (1 = next). */
  position: number | null;
  counsellorName: string | null;
  /**
   * The counsellor offered to register; `registered`: the visitor has sent the form;
   * `converted`: they followed the link, the conversation belongs to their case.
   */
  offer: OfferState;
  lines: LiveLineView[];
}

/** Who the visitor is here. */
export interface VisitorView {
  pseudonym: string;
  blocked: boolean;
  chat: VisitorChatView | null;
}

/** A chat on the counsellor's console. */
export interface CounsellorChatView {
  id: string;
  pseudonym: string;
  status: 'waiting' | 'active';
  queuedAt: string;
  acceptedAt: string | null;
  offer: OfferState;
  lines: LiveLineView[];
}

/** Someone waiting, as the counsellors on duty see the queue. */
export interface QueueEntryView {
  id: string;
  pseudonym: string;
  queuedAt: string;
  position: number;
}

/** The counsellor's console. */
export interface DutyView {
  onDuty: boolean;
  until: string | null;
  capacity: number;
  /** Counsellors on duty now, this one included. */
  staffed: number;
  queue: QueueEntryView[];
  chats: CounsellorChatView[];
}

/** A topic chat as staff see it. */
export interface TopicView extends TopicPublicView {
  host: { id: string; name: string };
  /** Whether this person may change it (its host, or the administration). */
  mine: boolean;
  closedEarly: boolean;
  /** The history is gone (after the window and the centre's retention). */
  historyErased: boolean;
  members: number;
}

export interface TopicLineView {
  id: string;
  topicId: string;
  author: 'visitor' | 'host';
  /** The member's id (visitors), null for the host. */
  memberId: string | null;
  name: string;
  text: string;
  createdAt: string;
  mine: boolean;
}

export interface TopicMemberView {
  id: string;
  nickname: string;
  removed: boolean;
}

/** A visitor inside a topic chat. */
export interface TopicVisitorView {
  topic: TopicPublicView;
  memberId: string;
  nickname: string;
  lines: TopicLineView[];
}

/** The host's moderation view. */
export interface TopicModerationView {
  topic: TopicView;
  lines: TopicLineView[];
  members: TopicMemberView[];
}

/** A converted visitor's conversation, at the start of their case. */
export interface TranscriptView {
  id: string;
  startedAt: string;
  endedAt: string | null;
  lines: LiveLineView[];
}

export interface AnonymousSettingsView {
  emergencyNumbers: EmergencyNumber[];
  topicRetentionDays: number;
}

/** Socket events: the app sends the first group (with acknowledgement), the server the rest. */
export const ANONYMOUS_EVENTS = {
  send: 'anonymous.send',
  typing: 'anonymous.typing',
  here: 'anonymous.here',
  topicWatch: 'anonymous.topic-watch',
  topicSend: 'anonymous.topic-send',

  line: 'anonymous.line',
  queue: 'anonymous.queue',
  chat: 'anonymous.chat',
  ended: 'anonymous.ended',
  offer: 'anonymous.offer',
  duty: 'anonymous.duty',
  topicLine: 'anonymous.topic-line',
  topicLineRemoved: 'anonymous.topic-line-removed',
  topicRemoved: 'anonymous.topic-removed',
  topicClosed: 'anonymous.topic-closed',
  topicMembers: 'anonymous.topic-members',
} as const;

/** Why a live chat ended, as both sides are told. */
export type EndReason = 'visitor' | 'counsellor' | 'blocked' | 'abandoned' | 'closed';

export type AnonymousAck<T> = SocketAck<T>;
