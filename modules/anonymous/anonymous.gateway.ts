import { ConnectedSocket, MessageBody, type OnGatewayConnection, type OnGatewayInit, SubscribeMessage } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';

import { Authenticated, CurrentCentre, CurrentPrincipal, DomainError, FeatureGateway, NetworkTags, type Principal, type ResolvedCentre } from '#kernel';

import { ANONYMOUS_EVENTS, type AnonymousAck, type LiveLineView, type TopicLineView, type TopicMemberView } from './contracts.js';
import { ChatRefDto, HereDto, LiveLineDto, TopicLineDto, TopicRefDto } from './dto.js';
import { LiveChatService } from './live-chat.service.js';
import { topicRoom, TopicService } from './topics.service.js';
import { VisitorService } from './visitors.service.js';

const IN_CHAT = { roles: ['guest', 'counsellor'] } as const;
const TYPING_EVERY_MS = 2000;

/** The network a socket came from, as a keyed hash kept only in memory, for the per-network limits. */
const networkOf = (socket: Socket) => (socket.data as { anonymousNetwork?: string }).anonymousNetwork;

/**
 * The anonymous chats' live side on the platform's socket endpoint: lines, "is writing", the
 * visitors' heartbeat, and topic rooms. Every event passes the kernel's guard chain (licence,
 * suspension, role); the services check that the person is in the chat or the room.
 */
@FeatureGateway('anonymous')
export class AnonymousGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly typed = new WeakMap<Socket, number>();

  constructor(
    private readonly live: LiveChatService,
    private readonly topics: TopicService,
    private readonly visitors: VisitorService,
    private readonly networks: NetworkTags,
  ) {}

  afterInit(server: Server): void {
    this.topics.attach(server);
  }

  handleConnection(socket: Socket): void {
    (socket.data as { anonymousNetwork?: string }).anonymousNetwork = this.networks.ofRequest(socket.request);
  }

  @SubscribeMessage(ANONYMOUS_EVENTS.send)
  @Authenticated(IN_CHAT)
  async send(@ConnectedSocket() socket: Socket, @MessageBody() body: LiveLineDto, @CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() principal: Principal): Promise<AnonymousAck<{ line: LiveLineView }>> {
    return { ok: true, line: await this.live.send(centre, principal, body.chatId, body.text, networkOf(socket)) };
  }

  @SubscribeMessage(ANONYMOUS_EVENTS.typing)
  @Authenticated(IN_CHAT)
  async typing(@ConnectedSocket() socket: Socket, @MessageBody() body: ChatRefDto, @CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() principal: Principal): Promise<void> {
    if (Date.now() - (this.typed.get(socket) ?? 0) < TYPING_EVERY_MS) return;
    this.typed.set(socket, Date.now());
    await this.live.typing(centre, principal, body.chatId);
  }

  /** The visitor's page is open: their chat is not abandoned. */
  @SubscribeMessage(ANONYMOUS_EVENTS.here)
  @Authenticated({ roles: ['guest'] })
  async here(@MessageBody() _body: HereDto, @CurrentPrincipal() principal: Principal): Promise<AnonymousAck<object>> {
    await this.visitors.touch(principal.id);
    return { ok: true };
  }

  /** Opens a topic room: its lines so far, then live (a member not removed, or its host). */
  @SubscribeMessage(ANONYMOUS_EVENTS.topicWatch)
  @Authenticated({ roles: ['guest', 'counsellor'] })
  async watch(
    @ConnectedSocket() socket: Socket,
    @MessageBody() body: TopicRefDto,
    @CurrentCentre() centre: ResolvedCentre,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AnonymousAck<{ lines: TopicLineView[]; members?: TopicMemberView[] }>> {
    if (!(await this.topics.mayWatch(centre, principal, body.topicId))) throw new DomainError('ANONYMOUS_TOPIC_NOT_MEMBER', 404);
    await socket.join(topicRoom(body.topicId));
    return { ok: true, ...(await this.topics.watch(centre, principal, body.topicId)) };
  }

  @SubscribeMessage(ANONYMOUS_EVENTS.topicSend)
  @Authenticated({ roles: ['guest', 'counsellor'] })
  async topicSend(@ConnectedSocket() socket: Socket, @MessageBody() body: TopicLineDto, @CurrentCentre() centre: ResolvedCentre, @CurrentPrincipal() principal: Principal): Promise<AnonymousAck<{ line: TopicLineView }>> {
    return { ok: true, line: await this.topics.send(centre, principal, body.topicId, body.text, networkOf(socket)) };
  }
}
