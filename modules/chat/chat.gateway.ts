import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, type OnGatewayConnection, type OnGatewayInit, SubscribeMessage } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';

import {
  Authenticated,
  CurrentCentre,
  CurrentPrincipal,
  DomainError,
  errorFields,
  FeatureGateway,
  isUuid,
  type Principal,
  type ResolvedCentre,
} from '#kernel';

import { ChatDelivery, openRoom } from './chat-delivery.js';
import { ChatService } from './chat.service.js';
import { CHAT_EVENTS, type ChatAck, type ChatMessageView, MAX_CHAT_MESSAGE_LENGTH } from './contracts.js';

const TYPING_EVERY_MS = 2000;
const PARTICIPANTS = { roles: ['client', 'counsellor'] } as const;

/**
 * The chat's live side, on the platform's one socket.io endpoint (the kernel's gateway has
 * authenticated the socket at the handshake). Every event passes the kernel's guard chain like
 * an HTTP request (licence, suspension, role); the service checks that the person is in the room.
 */
@FeatureGateway('chat')
export class ChatGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(ChatGateway.name);
  private readonly typed = new WeakMap<Socket, Map<string, number>>();

  constructor(
    private readonly chat: ChatService,
    private readonly delivery: ChatDelivery,
  ) {}

  afterInit(server: Server): void {
    this.delivery.attach(server);
  }

  handleConnection(socket: Socket): void {
    // Whoever leaves rooms by going away is no longer present there.
    socket.on('disconnecting', () => {
      const rooms = [...socket.rooms].filter((r) => r.startsWith('chat:'));
      setImmediate(() => {
        for (const room of rooms) {
          // Another instance may not answer in time (Redis adapter); presence is not worth a crash.
          this.announcePresence(room.slice('chat:'.length)).catch((error: unknown) =>
            this.logger.warn({ err: errorFields(error) }, 'chat presence failed'),
          );
        }
      });
    });
  }

  @SubscribeMessage(CHAT_EVENTS.join)
  @Authenticated(PARTICIPANTS)
  async join(
    @ConnectedSocket() socket: Socket,
    @MessageBody() body: unknown,
    @CurrentCentre() centre: ResolvedCentre,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ChatAck<{ present: string[]; missed: ChatMessageView[] }>> {
    const { roomId, after } = (body ?? {}) as { roomId?: unknown; after?: unknown };
    if (typeof roomId !== 'string') throw new DomainError('CHAT_ROOM_NOT_FOUND', 404);
    await this.chat.findRoom(centre, principal, roomId);
    await socket.join(openRoom(roomId));
    // Whoever comes back gets what they missed since the last line they saw.
    const missed = typeof after === 'string' && isUuid(after) ? await this.chat.messages(centre, principal, roomId, { after, limit: 200 }) : [];
    const present = await this.announcePresence(roomId);
    return { ok: true, present, missed };
  }

  @SubscribeMessage(CHAT_EVENTS.leave)
  @Authenticated(PARTICIPANTS)
  async leave(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<ChatAck<object>> {
    const roomId = (body as { roomId?: unknown } | undefined)?.roomId;
    if (typeof roomId !== 'string' || !socket.rooms.has(openRoom(roomId))) return { ok: true };
    await socket.leave(openRoom(roomId));
    await this.announcePresence(roomId);
    return { ok: true };
  }

  /** "… is typing": only to others who have the room open, at most every two seconds. */
  @SubscribeMessage(CHAT_EVENTS.typing)
  @Authenticated(PARTICIPANTS)
  typing(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown, @CurrentPrincipal() principal: Principal): void {
    const roomId = (body as { roomId?: unknown } | undefined)?.roomId;
    if (typeof roomId !== 'string' || !socket.rooms.has(openRoom(roomId))) return;
    const last = this.typed.get(socket) ?? new Map<string, number>();
    this.typed.set(socket, last);
    if (Date.now() - (last.get(roomId) ?? 0) < TYPING_EVERY_MS) return;
    last.set(roomId, Date.now());
    socket.to(openRoom(roomId)).emit(CHAT_EVENTS.typing, { roomId, userId: principal.id });
  }

  @SubscribeMessage(CHAT_EVENTS.send)
  @Authenticated(PARTICIPANTS)
  async send(
    @ConnectedSocket() socket: Socket,
    @MessageBody() body: unknown,
    @CurrentCentre() centre: ResolvedCentre,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ChatAck<{ message: ChatMessageView }>> {
    const { roomId, text } = (body ?? {}) as { roomId?: unknown; text?: unknown };
    if (typeof roomId !== 'string') throw new DomainError('CHAT_ROOM_NOT_FOUND', 404);
    const trimmed = typeof text === 'string' ? text.trim() : '';
    if (!trimmed || trimmed.length > MAX_CHAT_MESSAGE_LENGTH) {
      throw new DomainError('VALIDATION_FAILED', 400, {}, [
        { field: 'text', code: trimmed ? 'field.maxLength' : 'field.required', params: { max: MAX_CHAT_MESSAGE_LENGTH } },
      ]);
    }
    return { ok: true, message: await this.chat.send(centre, principal, roomId, trimmed) };
  }

  private async announcePresence(roomId: string): Promise<string[]> {
    const present = await this.delivery.present(roomId);
    this.delivery.toOpenRoom(roomId, CHAT_EVENTS.presence, { roomId, present });
    return present;
  }
}
