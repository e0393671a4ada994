import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';

import {
  ACCOUNT_CONFIRMED,
  type AccountRegisteredEvent,
  AuditService,
  CaseContent,
  CasesService,
  CentreService,
  DomainError,
  errorFields,
  fromSqlDate,
  HotSql,
  isUuid,
  notFound,
  type Principal,
  RateLimiter,
  RealtimeService,
  RegistrationService,
  type RegistrationDto,
  type ResolvedCentre,
} from '#kernel';

import { AnonymousChat } from './anonymous.entities.js';
import { ANONYMOUS_EVENTS, type TranscriptView } from './contracts.js';
import { LiveLines } from './live-lines.js';

const HOUR = 3_600_000;
const REGISTRATIONS_PER_HOUR = 5;

/**
 * From an anonymous chat into counselling: the counsellor offers it, the visitor registers from
 * inside the chat (the kernel's double opt-in), and once they follow the link the conversation
 * becomes the start of their case with that counsellor. Until then it waits with the
 * registration (and goes with it, or after the link's 48 hours).
 */
@Injectable()
export class ConversionService {
  private readonly logger = new Logger(ConversionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sql: HotSql,
    private readonly registrations: RegistrationService,
    private readonly cases: CasesService,
    private readonly content: CaseContent,
    private readonly centres: CentreService,
    private readonly lines: LiveLines,
    private readonly limiter: RateLimiter,
    private readonly realtime: RealtimeService,
    private readonly audit: AuditService,
  ) {}

  /** The visitor registers from the chat the counsellor offered it in. */
  async register(centre: ResolvedCentre, guest: Principal, chatId: string, dto: RegistrationDto, network: string): Promise<void> {
    if (!isUuid(chatId)) throw notFound('ANONYMOUS_CHAT_NOT_FOUND');
    const chat = await this.dataSource.getRepository(AnonymousChat).findOneBy({ id: chatId, centreId: centre.id, visitorId: guest.id, status: In(['waiting', 'active']) });
    if (!chat) throw notFound('ANONYMOUS_CHAT_NOT_FOUND');
    if (!chat.offeredAt) throw new DomainError('ANONYMOUS_NOT_OFFERED', 409);
    if (chat.clientId) throw new DomainError('ANONYMOUS_ALREADY_CONVERTED', 409);
    for (const key of [`anonymous-register:${guest.id}`, `anonymous-register-net:${network}`]) {
      const decision = await this.limiter.hit(key, REGISTRATIONS_PER_HOUR, HOUR);
      if (!decision.allowed) throw new DomainError('ANONYMOUS_TOO_MANY', 429, { retryAfter: decision.retryAfterSeconds });
    }
    // Sent again (a mistyped address): the newer registration counts; the other runs out.
    const { accountId } = await this.registrations.register(centre, dto);
    await this.dataSource.getRepository(AnonymousChat).update({ id: chat.id, status: In(['waiting', 'active']) }, { pendingAccountId: accountId });
    this.tell(chat, 'registered');
  }

  /**
   * Awaited by the kernel at the confirmation, before the round robins hear of the new client:
   * the case goes to the chat's counsellor and the conversation into its current period.
   */
  @OnEvent(ACCOUNT_CONFIRMED)
  async confirmed(event: AccountRegisteredEvent): Promise<void> {
    const chats = await this.dataSource.getRepository(AnonymousChat).findBy({ centreId: event.centreId, pendingAccountId: event.userId });
    for (const chat of chats) {
      try {
        await this.convert(chat, event.userId);
      } catch (error) {
        this.logger.warn({ err: errorFields(error) }, 'anonymous conversion failed');
      }
    }
  }

  private async convert(chat: AnonymousChat, clientId: string): Promise<void> {
    const centre = await this.centres.resolveId(chat.centreId);
    if (!centre || !chat.counsellorId) {
      // Nobody to go on with (the counsellor's account is gone): the conversation is not kept.
      await this.dataSource.getRepository(AnonymousChat).delete({ id: chat.id });
      return;
    }
    const client: Principal = { type: 'user', id: clientId, role: 'client', centreId: centre.id };
    const counsellor: Principal = { type: 'user', id: chat.counsellorId, role: 'counsellor', centreId: centre.id };
    const { caseId } = await this.cases.assignClient(centre, client, clientId, chat.counsellorId);
    // The counsellor's open period of the case, if it is theirs (the kernel's content rules then
    // let them read it); the client reads it as a member either way.
    const period = this.content.currentPeriod(centre.id, counsellor, caseId, chat.counsellorId);
    await this.sql.run(
      `UPDATE anonymous_chat SET clientId = ?, pendingAccountId = NULL, caseId = ?, periodId = (SELECT ${period.periodId} FROM ${period.from} WHERE ${period.where}) WHERE id = ?`,
      [clientId, caseId, ...period.params, chat.id],
    );
    await this.audit.record({ type: 'system', id: null, centreId: centre.id }, { action: 'anonymous.converted', target: { type: 'case', id: caseId } });
    this.tell({ ...chat, clientId }, 'converted');
  }

  private tell(chat: Pick<AnonymousChat, 'id' | 'visitorId' | 'counsellorId'> & Partial<AnonymousChat>, offer: 'registered' | 'converted'): void {
    const to = [chat.visitorId, chat.counsellorId].filter((id): id is string => !!id);
    this.realtime.toUsers(to, ANONYMOUS_EVENTS.offer, { chatId: chat.id, offer });
  }

  /** The conversations at the start of a case, for whoever may read its content. */
  async transcripts(centre: ResolvedCentre, reader: Principal, caseId: string): Promise<TranscriptView[]> {
    if (!isUuid(caseId)) throw notFound('CASE_NOT_FOUND');
    await this.cases.contentAccess(centre, reader, caseId);
    const join = this.content.joinReadable(centre.id, reader, caseId, 'c.periodId');
    const chats = await this.sql.query<{ id: string; sealedPseudonym: Buffer; queuedAt: unknown; endedAt: unknown }>(
      `SELECT c.id, c.sealedPseudonym, c.queuedAt, c.endedAt FROM anonymous_chat c ${join.sql} WHERE c.caseId = ? AND c.centreId = ? AND c.clientId IS NOT NULL ORDER BY c.id ASC`,
      [...join.params, caseId, centre.id],
    );
    const lines = await this.lines.of(centre.id, chats);
    return chats.map((c) => ({
      id: c.id,
      startedAt: fromSqlDate(c.queuedAt).toISOString(),
      endedAt: c.endedAt ? fromSqlDate(c.endedAt).toISOString() : null,
      lines: lines.get(c.id) ?? [],
    }));
  }
}
