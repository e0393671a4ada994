/**
 * Module `video`: what the Angular app and the server share. The app manages rooms and signs
 * access to the centre's own Jitsi Meet; media never pass through BeraDIG.
 */

/** Per-room options, set by the room's counsellor. */
export interface VideoRoomOptions {
  /** People knock and wait until the counsellor lets them in (Jitsi's lobby). */
  lobby: boolean;
  /** Everyone joins with the microphone off. */
  startMuted: boolean;
  /** Sound only, no cameras. */
  audioOnly: boolean;
  /** Whether the counsellor may hand out guest links for this room. */
  guestsAllowed: boolean;
}

export const DEFAULT_ROOM_OPTIONS: VideoRoomOptions = { lobby: true, startMuted: false, audioOnly: false, guestsAllowed: false };

/** A video room as the counsellor or an invited client sees it. */
export interface VideoRoomView {
  id: string;
  name: string;
  counsellor: { id: string; name: string };
  options: VideoRoomOptions;
  /** The invited clients (the counsellor sees them; a client sees an empty list). */
  invitees: { id: string; name: string }[];
  /** The counsellor is in the call right now: clients and guests may join. */
  hostPresent: boolean;
  /** While the counsellor is in the call: whether their call page has end-to-end encryption on. */
  e2ee: boolean;
  /** Whether the room has a note (the counsellor only; always false for clients). */
  hasNote: boolean;
  /** Open guest links (the counsellor only; 0 for clients). */
  guestLinks: number;
  createdAt: string;
}

/** What the call page needs to open Jitsi through its IFrame API. */
export interface VideoJoinView {
  /** The Jitsi host (and port): `https://<domain>/external_api.js` is loaded from it, and nothing else. */
  domain: string;
  /** The room's name at Jitsi (unguessable, not its display name). */
  jitsiRoom: string;
  /** The signed access token for this room only (HS256). */
  jwt: string;
  /** When the token stops admitting (ISO time). */
  expiresAt: string;
  displayName: string;
  /** `host`: the room's counsellor (owner); `participant`: a client or guest (member). */
  role: 'host' | 'participant';
  /** The room's display name, for the page title. */
  roomName: string;
  options: VideoRoomOptions;
}

/** A guest link as the counsellor sees it. */
export interface VideoGuestLinkView {
  id: string;
  /** The counsellor's own label for it (e.g. "Jugendamt, Frau K."). */
  label: string | null;
  /** The whole link to hand out; the secret is in the fragment, which browsers never send to a server. */
  url: string;
  expiresAt: string;
  createdAt: string;
}

/** What a guest's link shows before joining. */
export interface VideoGuestRoomView {
  roomName: string;
  counsellorName: string;
  centreName: string;
  hostPresent: boolean;
  /** While the counsellor is in the call: whether end-to-end encryption is on. */
  e2ee: boolean;
  options: VideoRoomOptions;
  expiresAt: string;
  consent: VideoConsentText;
}

/** The consent text (seed section 9) in one language, with its version. */
export interface VideoConsentText {
  version: string;
  title: string;
  /** Paragraphs; a paragraph starting with "- " is a list item. */
  paragraphs: string[];
}

/** A client's consent to video counselling. */
export interface VideoConsentView {
  current: VideoConsentText;
  /** The version accepted and when, or null (never, or withdrawn). */
  accepted: { version: string; at: string } | null;
  /** Whether the accepted version is the current one (a new version asks again). */
  valid: boolean;
}

/** The video module's part of the centre's portal info. */
export interface VideoPortalInfo {
  /** A Jitsi server is set up for the centre (its own or the server's): rooms can be entered. */
  ready: boolean;
}

/** Jitsi settings of a centre as the admin or the operator sees them (never the secret). */
export interface VideoSettingsView {
  /** Where the settings in force come from: set for this centre, the server's defaults, or none yet. */
  source: 'own' | 'server' | 'none';
  domain: string | null;
  appId: string | null;
  secretSet: boolean;
}

export const MAX_VIDEO_ROOM_NAME_LENGTH = 100;
export const MAX_VIDEO_NOTE_LENGTH = 20_000;
export const MAX_VIDEO_INVITEES = 20;
export const MAX_GUEST_LINK_LABEL_LENGTH = 100;
export const MAX_GUEST_NAME_LENGTH = 60;
export const GUEST_LINK_DEFAULT_DAYS = 7;
export const GUEST_LINK_MAX_DAYS = 30;
/** Open guest links per room, so a room cannot gather links without end. */
export const MAX_GUEST_LINKS_PER_ROOM = 20;
/** The call page reports the counsellor's presence this often while they are in the call. */
export const HOST_HEARTBEAT_SECONDS = 30;
/** A guest page waiting for the counsellor asks again this often (guests have no live connection). */
export const GUEST_POLL_SECONDS = 5;
/** The shortest Jitsi app secret accepted (HS256 wants at least 256 bits). */
export const MIN_JITSI_SECRET_LENGTH = 32;

/** Realtime events to the room's people (counsellor and invited clients). */
export const VIDEO_EVENTS = {
  /** A room was created, changed, or the person was invited: `{ roomId }`. */
  roomChanged: 'video.room-changed',
  /** The room was deleted or the person is no longer invited: `{ roomId }`. */
  roomRemoved: 'video.room-removed',
  /** The counsellor came into the call or left it, or the encryption changed: `{ roomId, present, e2ee }`. */
  host: 'video.host',
  /** To the room's counsellor: someone in the call says whether their browser can do end-to-end encryption: `{ roomId, jitsiId, e2ee }`. */
  participant: 'video.participant',
  /** The counsellor ended the session for everyone: `{ roomId }` — call pages hang up. */
  ended: 'video.ended',
} as const;

export interface VideoHostEvent {
  roomId: string;
  present: boolean;
  e2ee: boolean;
}

export interface VideoParticipantEvent {
  roomId: string;
  jitsiId: string;
  e2ee: boolean;
}

/** Where the guest page lives in the app: `/<centre>/video/gast#<token>`. */
export const GUEST_PAGE_PATH = 'video/gast';
