import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';

import {
  actorOf,
  AppConfig,
  AuditService,
  CryptoService,
  DatabaseHygiene,
  DisplayNames,
  DomainError,
  errorFields,
  HotSql,
  intSetting,
  invalid,
  isUuid,
  newId,
  notFound,
  type Principal,
  RateLimiter,
  RealtimeService,
  type ResolvedCentre,
  writeLock,
} from '#kernel';

import { AnonymousChat, AnonymousVisitor, chatPseudonymAad } from './anonymous.entities.js';
import { ANONYMOUS_EVENTS, type CounsellorChatView, type DutyView, type EndReason, type LiveLineView, type QueueEntryView, type VisitorChatView, type VisitorView } from './contracts.js';
import type { DutyDto } from './dto.js';
import { DutyService } from './duty.service.js';
import { containsLink } from './line-rules.js';
import { LiveLines } from './live-lines.js';
import { type Assignment, LiveQueue } from './live-queue.js';
import { VisitorService } from './visitors.service.js';

const HOUR = 3_600_000;

/**
 * The anonymous live chat: a visitor starts one with a click and waits in the queue; a counsellor
 * on duty gets it (or picks it), they write 1:1, and either ends it. An ended chat is erased —
 * rows gone — unless the visitor registered from it (see ConversionService).
 */
@Injectable()
export class LiveChatService implements OnModuleInit {
  private readonly logger = new Logger(LiveChatService.name);
  private readonly visitorLinesPerMinute: number;
  private readonly counsellorLinesPerMinute: number;
  private readonly networkLinesPerMinute: number;
  private readonly startsPerHour: number;
  private readonly networkStartsPerHour: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sql: HotSql,
    private readonly crypto: CryptoService,
    private readonly names: DisplayNames,
    private readonly visitors: VisitorService,
    private readonly duty: DutyService,
    private readonly queue: LiveQueue,
    private readonly lines: LiveLines,
    private readonly limiter: RateLimiter,
    private readonly realtime: RealtimeService,
    private readonly audit: AuditService,
    private readonly hygiene: DatabaseHygiene,
    config: AppConfig,
  ) {
    this.visitorLinesPerMinute = intSetting(config, 'ANONYMOUS_LINES_PER_MINUTE', 20, { min: 1, max: 10_000 });
    this.counsellorLinesPerMinute = intSetting(config, 'CHAT_MESSAGES_PER_MINUTE', 60, { min: 1 });
    this.networkLinesPerMinute = this.visitorLinesPerMinute * 10;
    this.startsPerHour = 10;
    this.networkStartsPerHour = intSetting(config, 'ANONYMOUS_CHATS_PER_HOUR', 30, { min: 1, max: 100_000 });
  }

  onModuleInit(): void {
    this.queue.onAssigned = (centreId, assignment) => this.assigned(centreId, assignment);
  }

  // ---- the visitor ----

  async me(centre: ResolvedCentre, guest: Principal): Promise<VisitorView> {
    const visitor = await this.visitors.ensure(centre, guest);
    const chat = await this.liveChatOf(centre.id, guest.id);
    return { pseudonym: await this.visitors.pseudonym(centre.id, visitor), blocked: !!visitor.blocked, chat: chat ? await this.visitorView(centre.id, chat) : null };
  }

  /**
   * Starts the visitor's chat (or answers the one they have: a reload, a second tab): it waits in
   * the queue and goes to the next free counsellor. Refused while nobody staffs the live chat.
   */
  async start(centre: ResolvedCentre, guest: Principal, network: string): Promise<VisitorChatView> {
    const visitor = await this.visitors.ensure(centre, guest);
    this.visitors.assertAllowed(visitor);
    const existing = await this.liveChatOf(centre.id, guest.id);
    if (existing) return this.visitorView(centre.id, existing);
    if (!(await this.duty.status(centre.id)).open) throw new DomainError('ANONYMOUS_CLOSED', 409);
    for (const [key, limit] of [[`anonymous-start:${guest.id}`, this.startsPerHour], [`anonymous-start-net:${network}`, this.networkStartsPerHour]] as const) {
      const decision = await this.limiter.hit(key, limit, HOUR);
      if (!decision.allowed) throw new DomainError('ANONYMOUS_TOO_MANY', 429, { retryAfter: decision.retryAfterSeconds });
    }
    const cipher = await this.crypto.forCentre(centre.id);
    const pseudonym = await this.visitors.pseudonym(centre.id, visitor);
    const chat = await this.dataSource.transaction(async (manager) => {
      // One live chat per visitor: two clicks at the same moment wait for each other here.
      const mode = writeLock(manager);
      await manager.findOne(AnonymousVisitor, { where: { id: guest.id }, ...(mode ? { lock: { mode } } : {}) });
      const already = await manager.findOne(AnonymousChat, { where: { visitorId: guest.id, centreId: centre.id, status: In(['waiting', 'active']) } });
      if (already) return already;
      const id = newId();
      const row: AnonymousChat = {
        id,
        centreId: centre.id,
        visitorId: guest.id,
        counsellorId: null,
        status: 'waiting',
        sealedPseudonym: cipher.seal(chatPseudonymAad(id), pseudonym),
        queuedAt: new Date(),
        acceptedAt: null,
        endedAt: null,
        offeredAt: null,
        pendingAccountId: null,
        clientId: null,
        caseId: null,
        periodId: null,
      };
      await manager.insert(AnonymousChat, row);
      await this.audit.record(actorOf(guest), { action: 'anonymous.chat-opened', target: { type: 'anonymous_chat', id } }, manager);
      return row;
    });
    this.queue.announce(centre.id);
    await this.queue.dispatch(centre.id);
    const fresh = await this.dataSource.getRepository(AnonymousChat).findOneBy({ id: chat.id });
    return this.visitorView(centre.id, fresh ?? chat);
  }

  async visitorChat(centre: ResolvedCentre, guest: Principal, chatId: string): Promise<VisitorChatView> {
    return this.visitorView(centre.id, await this.chatOf(centre, guest, chatId));
  }

  // ---- the counsellor ----

  async console(centre: ResolvedCentre, counsellor: Principal): Promise<DutyView> {
    const now = new Date();
    const [mine, staffed, waiting, chats] = await Promise.all([
      this.duty.mine(centre.id, counsellor.id, now),
      this.duty.onDuty(centre.id, now),
      this.queue.waiting(centre.id),
      this.dataSource.getRepository(AnonymousChat).find({ where: { centreId: centre.id, counsellorId: counsellor.id, status: 'active' }, order: { acceptedAt: 'ASC' } }),
    ]);
    const cipher = await this.crypto.forCentre(centre.id);
    // Only those on duty see who waits (by pseudonym and since when).
    const queued = mine && waiting.length ? await this.dataSource.getRepository(AnonymousChat).findBy({ id: In(waiting.map((w) => w.id)) }) : [];
    const order = new Map(waiting.map((w, i) => [w.id, i + 1]));
    const queue: QueueEntryView[] = queued
      .map((c) => ({ id: c.id, pseudonym: cipher.openText(chatPseudonymAad(c.id), c.sealedPseudonym), queuedAt: c.queuedAt.toISOString(), position: order.get(c.id) ?? 0 }))
      .sort((a, b) => a.position - b.position);
    const lines = await this.lines.of(centre.id, chats);
    return {
      onDuty: !!mine,
      until: mine?.until.toISOString() ?? null,
      capacity: mine?.capacity ?? 1,
      staffed: staffed.length,
      queue,
      chats: chats.map((c) => this.counsellorView(cipher.openText(chatPseudonymAad(c.id), c.sealedPseudonym), c, lines.get(c.id) ?? [])),
    };
  }

  async setDuty(centre: ResolvedCentre, counsellor: Principal, dto: DutyDto): Promise<DutyView> {
    const on = await this.duty.set(centre, counsellor, dto);
    if (on) await this.queue.dispatch(centre.id);
    else await this.closeQueueIfUnstaffed(centre.id);
    this.queue.announce(centre.id);
    return this.console(centre, counsellor);
  }

  /** Nobody staffs the live chat any more: those still waiting are told, and their chats go. */
  async closeQueueIfUnstaffed(centreId: string): Promise<void> {
    if ((await this.duty.onDuty(centreId)).length > 0) return;
    const waiting = await this.dataSource.getRepository(AnonymousChat).findBy({ centreId, status: 'waiting' });
    for (const chat of waiting) await this.finish(chat, 'closed');
  }

  /** A counsellor on duty picks someone from the queue (also beyond the number they take at once). */
  async accept(centre: ResolvedCentre, counsellor: Principal, chatId: string): Promise<CounsellorChatView> {
    if (!isUuid(chatId)) throw notFound('ANONYMOUS_CHAT_NOT_FOUND');
    if (!(await this.duty.mine(centre.id, counsellor.id))) throw new DomainError('ANONYMOUS_NOT_ON_DUTY', 409);
    const chat = await this.dataSource.getRepository(AnonymousChat).findOneBy({ id: chatId, centreId: centre.id });
    if (!chat || chat.status === 'ended') throw notFound('ANONYMOUS_CHAT_NOT_FOUND');
    if (chat.status !== 'waiting' || !(await this.queue.claim(centre.id, chatId, counsellor.id, true))) throw new DomainError('ANONYMOUS_NOT_WAITING', 409);
    await this.assigned(centre.id, { chatId, visitorId: chat.visitorId, counsellorId: counsellor.id });
    this.queue.announce(centre.id);
    return this.counsellorChat(centre, counsellor, chatId);
  }

  async counsellorChat(centre: ResolvedCentre, counsellor: Principal, chatId: string): Promise<CounsellorChatView> {
    const chat = await this.chatOf(centre, counsellor, chatId);
    const cipher = await this.crypto.forCentre(centre.id);
    return this.counsellorView(cipher.openText(chatPseudonymAad(chat.id), chat.sealedPseudonym), chat, (await this.lines.of(centre.id, [chat])).get(chat.id) ?? []);
  }

  /** The counsellor offers to register: the visitor's chat then shows the form. */
  async offer(centre: ResolvedCentre, counsellor: Principal, chatId: string): Promise<CounsellorChatView> {
    const chat = await this.chatOf(centre, counsellor, chatId);
    if (chat.status !== 'active') throw new DomainError('ANONYMOUS_NOT_ACTIVE', 409);
    if (!chat.offeredAt) await this.dataSource.getRepository(AnonymousChat).update({ id: chat.id }, { offeredAt: new Date() });
    if (chat.visitorId) this.realtime.toUsers([chat.visitorId], ANONYMOUS_EVENTS.offer, { chatId: chat.id });
    return this.counsellorChat(centre, counsellor, chatId);
  }

  /** The counsellor blocks the visitor's session: the chat ends, and this session starts no other here. */
  async block(centre: ResolvedCentre, counsellor: Principal, chatId: string): Promise<void> {
    const chat = await this.chatOf(centre, counsellor, chatId);
    if (chat.visitorId) await this.visitors.block(chat.visitorId);
    await this.audit.record(actorOf(counsellor), { action: 'anonymous.blocked', target: { type: 'anonymous_chat', id: chat.id } });
    await this.finish(chat, 'blocked');
  }

  // ---- both ----

  /** Either side ends the chat. */
  async end(centre: ResolvedCentre, principal: Principal, chatId: string): Promise<void> {
    const chat = await this.chatOf(centre, principal, chatId);
    await this.finish(chat, principal.role === 'guest' ? 'visitor' : 'counsellor', principal);
  }

  /** A line from either side, to both (each side's other tabs too). */
  async send(centre: ResolvedCentre, principal: Principal, chatId: string, text: string, network?: string): Promise<LiveLineView> {
    if (!isUuid(chatId)) throw notFound('ANONYMOUS_CHAT_NOT_FOUND');
    const visitor = principal.role === 'guest';
    const limits: [string, number][] = visitor
      ? [[`anonymous-line:${principal.id}`, this.visitorLinesPerMinute], ...(network ? ([[`anonymous-line-net:${network}`, this.networkLinesPerMinute]] as [string, number][]) : [])]
      : [[`anonymous-line:${principal.id}`, this.counsellorLinesPerMinute]];
    for (const [key, limit] of limits) if (!(await this.limiter.hit(key, limit, 60_000)).allowed) throw new DomainError('ANONYMOUS_TOO_FAST', 429);
    if (visitor && containsLink(text)) throw invalid([{ field: 'text', code: 'field.noLinks' }]);
    const line = await this.lines.store(centre.id, principal, chatId, text);
    if (!line) throw notFound('ANONYMOUS_CHAT_NOT_FOUND');
    if (visitor) void this.visitors.touch(principal.id).catch(() => undefined);
    const { visitorId, counsellorId, ...view } = line;
    this.realtime.toUsers([visitorId, counsellorId].filter((id): id is string => !!id), ANONYMOUS_EVENTS.line, view);
    return view;
  }

  /** "… is writing", to the other side. */
  async typing(centre: ResolvedCentre, principal: Principal, chatId: string): Promise<void> {
    if (!isUuid(chatId)) return;
    const chat = await this.dataSource.getRepository(AnonymousChat).findOneBy({ id: chatId, centreId: centre.id, status: 'active' });
    if (!chat) return;
    const visitor = principal.role === 'guest';
    if (visitor ? chat.visitorId !== principal.id : chat.counsellorId !== principal.id) return;
    const other = visitor ? chat.counsellorId : chat.visitorId;
    if (other) this.realtime.toUsers([other], ANONYMOUS_EVENTS.typing, { chatId });
  }

  /** The visitor's session ended (the quick exit, a new session elsewhere): their live chat ends with it. */
  async endForVisitor(centreId: string, visitorId: string, reason: EndReason): Promise<void> {
    const chats = await this.dataSource.getRepository(AnonymousChat).findBy({ centreId, visitorId, status: In(['waiting', 'active']) });
    for (const chat of chats) await this.finish(chat, reason);
  }

  /**
   * Ends a chat. Erased — the row and its lines — unless the visitor registered from it or it is
   * already their case's: then it is only let go of the session.
   */
  async finish(chat: AnonymousChat, reason: EndReason, actor?: Principal): Promise<void> {
    const repo = this.dataSource.getRepository(AnonymousChat);
    const keep = !!chat.pendingAccountId || !!chat.clientId;
    const done = keep
      ? await repo.update({ id: chat.id, status: In(['waiting', 'active']) }, { status: 'ended', endedAt: new Date(), visitorId: null })
      : await repo.delete({ id: chat.id, status: In(['waiting', 'active']) });
    if (!done.affected) return;
    await this.audit.record(actor ? actorOf(actor) : { type: 'system', id: null, centreId: chat.centreId }, { action: 'anonymous.chat-closed', target: { type: 'anonymous_chat', id: chat.id } });
    const told = [chat.visitorId, chat.counsellorId].filter((id): id is string => !!id);
    this.realtime.toUsers(told, ANONYMOUS_EVENTS.ended, { chatId: chat.id, reason });
    this.duty.changed(chat.centreId);
    await this.queue.dispatch(chat.centreId);
    this.queue.announce(chat.centreId);
    if (!keep) this.hygiene.afterErasureSoon().catch((error: unknown) => this.logger.warn({ err: errorFields(error) }, 'checkpoint after a chat failed'));
  }

  // ---- views ----

  private async assigned(centreId: string, assignment: Assignment): Promise<void> {
    const chat = await this.dataSource.getRepository(AnonymousChat).findOneBy({ id: assignment.chatId });
    if (!chat) return;
    const cipher = await this.crypto.forCentre(centreId);
    const lines = (await this.lines.of(centreId, [chat])).get(chat.id) ?? [];
    this.realtime.toUsers([assignment.counsellorId], ANONYMOUS_EVENTS.chat, this.counsellorView(cipher.openText(chatPseudonymAad(chat.id), chat.sealedPseudonym), chat, lines));
    if (chat.visitorId) this.realtime.toUsers([chat.visitorId], ANONYMOUS_EVENTS.chat, await this.visitorView(centreId, chat, lines));
    this.duty.changed(centreId);
  }

  private async liveChatOf(centreId: string, visitorId: string): Promise<AnonymousChat | null> {
    return this.dataSource.getRepository(AnonymousChat).findOne({ where: { centreId, visitorId, status: In(['waiting', 'active']) } });
  }

  /** A chat of this person at this centre that is still going; anything else is "not found". */
  private async chatOf(centre: ResolvedCentre, principal: Principal, chatId: string): Promise<AnonymousChat> {
    if (!isUuid(chatId)) throw notFound('ANONYMOUS_CHAT_NOT_FOUND');
    const chat = await this.dataSource.getRepository(AnonymousChat).findOneBy({ id: chatId, centreId: centre.id, status: In(['waiting', 'active']) });
    const theirs = principal.role === 'guest' ? chat?.visitorId === principal.id : principal.role === 'counsellor' && chat?.counsellorId === principal.id;
    if (!chat || !theirs) throw notFound('ANONYMOUS_CHAT_NOT_FOUND');
    return chat;
  }

  private async visitorView(centreId: string, chat: AnonymousChat, lines?: LiveLineView[]): Promise<VisitorChatView> {
    const [position, counsellorName, own] = await Promise.all([
      chat.status === 'waiting' ? this.queue.position(centreId, chat.id) : Promise.resolve(null),
      chat.counsellorId ? this.names.of(centreId, [chat.counsellorId]).then((n) => n.get(chat.counsellorId!) ?? null) : Promise.resolve(null),
      lines ? Promise.resolve(lines) : this.lines.of(centreId, [chat]).then((m) => m.get(chat.id) ?? []),
    ]);
    return { id: chat.id, status: chat.status === 'active' ? 'active' : 'waiting', position, counsellorName, offer: offerState(chat), lines: own };
  }

  private counsellorView(pseudonym: string, chat: AnonymousChat, lines: LiveLineView[]): CounsellorChatView {
    return {
      id: chat.id,
      pseudonym,
      status: chat.status === 'active' ? 'active' : 'waiting',
      queuedAt: chat.queuedAt.toISOString(),
      acceptedAt: chat.acceptedAt?.toISOString() ?? null,
      offer: offerState(chat),
      lines,
    };
  }
}

export function offerState(chat: Pick<AnonymousChat, 'offeredAt' | 'pendingAccountId' | 'clientId'>): VisitorChatView['offer'] {
  if (chat.clientId) return 'converted';
  if (chat.pendingAccountId) return 'registered';
  return chat.offeredAt ? 'offered' : 'none';
}
