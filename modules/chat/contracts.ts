import type { SocketAck } from '../../src/contracts/problem.js';

/** A chat room as its participants see it. */
export interface ChatRoomView {
  id: string;
  name: string;
  /** Agreed chat time, as the counsellor wrote it (e.g. "dienstags 17–18 Uhr"). */
  agreedTime: string | null;
  counsellor: { id: string; name: string };
  participants: { id: string; name: string }[];
  unread: number;
  lastMessageAt: string | null;
  createdAt: string;
}

export interface ChatMessageView {
  id: string;
  roomId: string;
  author: { id: string | null; name: string; role: 'client' | 'counsellor' };
  text: string;
  createdAt: string;
  mine: boolean;
}

export const MAX_CHAT_MESSAGE_LENGTH = 4000;
export const MAX_ROOM_NAME_LENGTH = 100;
export const MAX_AGREED_TIME_LENGTH = 200;
export const MAX_ROOM_PARTICIPANTS = 20;

/** Socket events of the chat: the client sends join/leave/typing/send (with acknowledgement). */
export const CHAT_EVENTS = {
  join: 'chat.join',
  leave: 'chat.leave',
  typing: 'chat.typing',
  send: 'chat.send',
  message: 'chat.message',
  presence: 'chat.presence',
  unread: 'chat.unread',
  roomChanged: 'chat.room-changed',
  roomRemoved: 'chat.room-removed',
} as const;

/** Acknowledgement of a socket request: its result, or the problem (code, status, text). */
export type ChatAck<T> = SocketAck<T>;
