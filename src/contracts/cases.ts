/** Routing data a client may give with an enquiry: codes, translated by the app. */
export const TOPICS = [
  'erziehung', 'trennung', 'familie', 'schule', 'jugend', 'partnerschaft', 'sucht', 'schulden', 'schwangerschaft', 'gewalt',
  'psyche', 'sonstiges',
] as const;
export const AGE_GROUPS = ['unter-14', '14-17', '18-26', '27-44', '45-64', '65-plus'] as const;
/**
 * Ways to be contacted that every centre offers. Licensed features that are contact channels
 * (`FeatureDefinition.contactChannel`) come before these; a centre's list is in its portal info.
 */
export const BASIC_CONTACT_TYPES = ['phone', 'in-person'] as const;

export type Topic = (typeof TOPICS)[number];
export type AgeGroup = (typeof AGE_GROUPS)[number];
export type ContactType = string;

export type CaseKind = 'individual' | 'group';
export type CaseStatus = 'new' | 'assigned';

export interface Routing {
  topic: Topic | null;
  ageGroup: AgeGroup | null;
  postcode: string | null;
  preferredContact: ContactType | null;
}

export interface PersonRef {
  id: string;
  name: string;
}

/** A case as lists show it: who, in which state, how much is unread; never any content. */
export interface CaseSummary {
  id: string;
  kind: CaseKind;
  status: CaseStatus;
  /** Group name (groups only; never for the administration, which sees only that it is a group). */
  title: string | null;
  counsellor: PersonRef | null;
  /** The counsellor's absence assistant, when it is on (with the text for clients). */
  counsellorAbsence: { text: string | null } | null;
  members: PersonRef[];
  /** For the admin and the counsellor: what the client said about the enquiry. */
  routing: Routing | null;
  unread: number;
  createdAt: string;
  lastActivityAt: string;
}

export interface CounsellorSummary extends PersonRef {
  openCases: number;
  absent: boolean;
}

/** Realtime events on the socket, per user. */
export const REALTIME_EVENTS = {
  caseNew: 'case.new',
  caseAssigned: 'case.assigned',
  caseUpdated: 'case.updated',
  registration: 'account.registered',
} as const;
