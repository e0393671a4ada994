import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Server } from 'socket.io';
import { DataSource, In, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';

import {
  actorOf,
  AppConfig,
  AuditService,
  CasesService,
  type CentreCipher,
  CryptoService,
  DatabaseHygiene,
  DisplayNames,
  DomainError,
  errorFields,
  fromSqlDate,
  HotSql,
  intSetting,
  invalid,
  isUniqueViolation,
  isUuid,
  newId,
  notFound,
  type Principal,
  RateLimiter,
  RealtimeService,
  type ResolvedCentre,
  sqlDate,
} from '#kernel';

import { AnonymousTopic, AnonymousTopicLine, AnonymousTopicMember, nicknameAad, topicLineAad } from './anonymous.entities.js';
import { ANONYMOUS_EVENTS, type TopicLineView, type TopicMemberView, type TopicModerationView, type TopicPublicView, type TopicView, type TopicVisitorView } from './contracts.js';
import type { TopicDto, UpdateTopicDto } from './dto.js';
import { containsLink } from './line-rules.js';
import { AnonymousSettingsService } from './settings.service.js';
import { VisitorService } from './visitors.service.js';

/** The socket.io room of a topic chat: its members' and its host's open pages. */
export const topicRoom = (topicId: string) => `anonymous-topic:${topicId}`;

const MAX_WINDOW_HOURS = 12;
const MAX_AHEAD_DAYS = 366;
const JOINS_PER_HOUR = 30;
const HISTORY_LIMIT = 300;
const ANNOUNCED_CACHE_MS = 2_000;
const TOPICS_CHANGED = 'anonymous:topics-changed';

interface RawTopicLine {
  id: string;
  topicId: string;
  author: 'visitor' | 'host';
  memberId: string | null;
  sealedText: Buffer;
  createdAt: unknown;
}

/**
 * Topic chats: announced with a title, a text and a time window, listed publicly with a stable
 * link; during the window visitors join under a nickname and the host moderates. After the
 * window (or the centre's retention) the history is erased; a removed visitor stays out.
 */
@Injectable()
export class TopicService {
  private readonly logger = new Logger(TopicService.name);
  private server?: Server;
  private readonly linesPerMinute: number;
  private readonly announcedCache = new Map<string, { topics: TopicPublicView[]; at: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sql: HotSql,
    private readonly crypto: CryptoService,
    private readonly names: DisplayNames,
    private readonly cases: CasesService,
    private readonly visitors: VisitorService,
    private readonly settings: AnonymousSettingsService,
    private readonly limiter: RateLimiter,
    private readonly realtime: RealtimeService,
    private readonly audit: AuditService,
    private readonly hygiene: DatabaseHygiene,
    config: AppConfig,
  ) {
    this.linesPerMinute = intSetting(config, 'ANONYMOUS_LINES_PER_MINUTE', 20, { min: 1, max: 10_000 });
    realtime.fromOtherInstances(TOPICS_CHANGED, (centreId) => this.announcedCache.delete(centreId));
  }

  /** The public list, for the portals that ask every few seconds; dropped on every change. */
  async announcedCached(centreId: string): Promise<TopicPublicView[]> {
    const hit = this.announcedCache.get(centreId);
    // The states move with the clock: a cached list answers for two seconds at most.
    if (hit && Date.now() - hit.at < ANNOUNCED_CACHE_MS) return hit.topics;
    const topics = await this.announced(centreId);
    this.announcedCache.set(centreId, { topics, at: Date.now() });
    if (this.announcedCache.size > 10_000) this.announcedCache.clear();
    return topics;
  }

  private changed(centreId: string): void {
    this.announcedCache.delete(centreId);
    this.realtime.toOtherInstances(TOPICS_CHANGED, centreId);
  }

  attach(server: Server): void {
    this.server = server;
  }

  // ---- public ----

  /** Topic chats open now and announced ones, soonest first. */
  async announced(centreId: string, now = new Date()): Promise<TopicPublicView[]> {
    const rows = await this.dataSource.getRepository(AnonymousTopic).find({ where: { centreId, closedAt: IsNull(), endsAt: MoreThan(now) }, order: { startsAt: 'ASC' }, take: 20 });
    return rows.map((t) => publicView(t, now));
  }

  async publicOne(centre: ResolvedCentre, topicId: string): Promise<TopicPublicView> {
    return publicView(await this.find(centre, topicId));
  }

  // ---- staff ----

  async list(centre: ResolvedCentre, actor: Principal): Promise<TopicView[]> {
    const rows = await this.dataSource.getRepository(AnonymousTopic).find({ where: { centreId: centre.id }, order: { startsAt: 'DESC' }, take: 200 });
    return this.views(centre, actor, rows);
  }

  async create(centre: ResolvedCentre, actor: Principal, dto: TopicDto): Promise<TopicView> {
    const hostId = await this.hostFor(centre, actor, dto.hostId);
    const { startsAt, endsAt } = checkWindow(new Date(dto.startsAt), new Date(dto.endsAt));
    const topic: AnonymousTopic = {
      id: newId(),
      centreId: centre.id,
      hostId,
      title: dto.title,
      description: dto.description,
      startsAt,
      endsAt,
      closedAt: null,
      closedEarly: false,
      historyErasedAt: null,
      createdAt: new Date(),
    };
    await this.dataSource.getRepository(AnonymousTopic).insert(topic);
    this.changed(centre.id);
    await this.audit.record(actorOf(actor), { action: 'anonymous.topic-announced', target: { type: 'anonymous_topic', id: topic.id } });
    return (await this.views(centre, actor, [topic]))[0]!;
  }

  async update(centre: ResolvedCentre, actor: Principal, topicId: string, dto: UpdateTopicDto): Promise<TopicView> {
    const topic = await this.own(centre, actor, topicId);
    if (topic.closedAt) throw new DomainError('ANONYMOUS_TOPIC_OVER', 409);
    const startsAt = dto.startsAt ? new Date(dto.startsAt) : topic.startsAt;
    const endsAt = dto.endsAt ? new Date(dto.endsAt) : topic.endsAt;
    if (dto.startsAt || dto.endsAt) checkWindow(startsAt, endsAt, topic.startsAt <= new Date() && !dto.startsAt);
    const changes: Partial<AnonymousTopic> = { startsAt, endsAt, ...(dto.title !== undefined ? { title: dto.title } : {}), ...(dto.description !== undefined ? { description: dto.description } : {}) };
    await this.dataSource.getRepository(AnonymousTopic).update({ id: topic.id }, changes);
    this.changed(centre.id);
    return (await this.views(centre, actor, [{ ...topic, ...changes }]))[0]!;
  }

  /** Deletes the announcement with its history. */
  async remove(centre: ResolvedCentre, actor: Principal, topicId: string): Promise<void> {
    const topic = await this.own(centre, actor, topicId);
    await this.dataSource.getRepository(AnonymousTopic).delete({ id: topic.id });
    this.changed(centre.id);
    await this.audit.record(actorOf(actor), { action: 'anonymous.topic-deleted', target: { type: 'anonymous_topic', id: topic.id } });
    this.closeRoom(topic.id);
    this.hygiene.afterErasureSoon().catch(() => undefined);
  }

  /** Closes the room before the end of its window; the history goes (or stays for the retention). */
  async close(centre: ResolvedCentre, actor: Principal, topicId: string): Promise<TopicView> {
    const topic = await this.own(centre, actor, topicId);
    if (topic.closedAt) throw new DomainError('ANONYMOUS_TOPIC_OVER', 409);
    const now = new Date();
    await this.dataSource.getRepository(AnonymousTopic).update({ id: topic.id }, { closedAt: now, closedEarly: true });
    this.changed(centre.id);
    await this.audit.record(actorOf(actor), { action: 'anonymous.topic-closed', target: { type: 'anonymous_topic', id: topic.id } });
    this.closeRoom(topic.id);
    await this.eraseHistories(now);
    const fresh = await this.dataSource.getRepository(AnonymousTopic).findOneByOrFail({ id: topic.id });
    return (await this.views(centre, actor, [fresh]))[0]!;
  }

  /** The host's view: the lines and who takes part. */
  async moderation(centre: ResolvedCentre, host: Principal, topicId: string): Promise<TopicModerationView> {
    const topic = await this.hosted(centre, host, topicId);
    const cipher = await this.crypto.forCentre(centre.id);
    const members = await this.dataSource.getRepository(AnonymousTopicMember).find({ where: { topicId: topic.id }, order: { joinedAt: 'ASC' } });
    return {
      topic: (await this.views(centre, host, [topic]))[0]!,
      lines: await this.lineViews(centre.id, cipher, topic, members, null, host),
      members: members.map((m) => memberView(cipher, m)),
    };
  }

  async removeLine(centre: ResolvedCentre, host: Principal, topicId: string, lineId: string): Promise<void> {
    const topic = await this.hosted(centre, host, topicId);
    if (!isUuid(lineId)) throw notFound('ANONYMOUS_LINE_NOT_FOUND');
    const { affected } = await this.dataSource.getRepository(AnonymousTopicLine).delete({ id: lineId, topicId: topic.id });
    if (!affected) throw notFound('ANONYMOUS_LINE_NOT_FOUND');
    this.toRoom(topic.id, ANONYMOUS_EVENTS.topicLineRemoved, { topicId: topic.id, lineId });
  }

  /** The member is out and stays out (with this session); their lines stay unless removed one by one. */
  async removeMember(centre: ResolvedCentre, host: Principal, topicId: string, memberId: string): Promise<void> {
    const topic = await this.hosted(centre, host, topicId);
    if (!isUuid(memberId)) throw notFound('ANONYMOUS_MEMBER_NOT_FOUND');
    const member = await this.dataSource.getRepository(AnonymousTopicMember).findOneBy({ id: memberId, topicId: topic.id });
    if (!member) throw notFound('ANONYMOUS_MEMBER_NOT_FOUND');
    await this.dataSource.getRepository(AnonymousTopicMember).update({ id: member.id }, { removed: true });
    await this.audit.record(actorOf(host), { action: 'anonymous.topic-member-removed', target: { type: 'anonymous_topic', id: topic.id } });
    this.realtime.removeFromRoom([member.visitorId], topicRoom(topic.id));
    this.realtime.toUsers([member.visitorId], ANONYMOUS_EVENTS.topicRemoved, { topicId: topic.id });
    await this.announceMembers(centre.id, topic);
  }

  // ---- visitors ----

  /** Joins the topic chat during its window under a nickname (again: the same membership). */
  async join(centre: ResolvedCentre, guest: Principal, topicId: string, nickname: string): Promise<TopicVisitorView> {
    const topic = await this.find(centre, topicId);
    if (publicView(topic).state !== 'open') throw new DomainError('ANONYMOUS_TOPIC_NOT_OPEN', 409);
    if (containsLink(nickname)) throw invalid([{ field: 'nickname', code: 'field.noLinks' }]);
    const visitor = await this.visitors.ensure(centre, guest);
    this.visitors.assertAllowed(visitor);
    const repo = this.dataSource.getRepository(AnonymousTopicMember);
    const cipher = await this.crypto.forCentre(centre.id);
    let member = await repo.findOneBy({ topicId: topic.id, visitorId: guest.id });
    if (member?.removed) throw new DomainError('ANONYMOUS_TOPIC_REMOVED', 403);
    if (!(await this.limiter.hit(`anonymous-join:${guest.id}`, JOINS_PER_HOUR, 3_600_000)).allowed) throw new DomainError('ANONYMOUS_TOO_MANY', 429);
    if (member) {
      await repo.update({ id: member.id }, { sealedNickname: cipher.seal(nicknameAad(member.id), nickname) });
    } else {
      const id = newId();
      member = { id, centreId: centre.id, topicId: topic.id, visitorId: guest.id, sealedNickname: cipher.seal(nicknameAad(id), nickname), removed: false, joinedAt: new Date() };
      try {
        await repo.insert(member);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        member = await repo.findOneByOrFail({ topicId: topic.id, visitorId: guest.id });
      }
    }
    await this.announceMembers(centre.id, topic);
    return this.visitorView(centre, guest, topic.id);
  }

  async leave(centre: ResolvedCentre, guest: Principal, topicId: string): Promise<void> {
    const topic = await this.find(centre, topicId);
    const repo = this.dataSource.getRepository(AnonymousTopicMember);
    const member = await repo.findOneBy({ topicId: topic.id, visitorId: guest.id });
    // A removed member's row stays: it is what keeps them out.
    if (!member || member.removed) return;
    await repo.delete({ id: member.id });
    this.realtime.removeFromRoom([guest.id], topicRoom(topic.id));
    await this.announceMembers(centre.id, topic);
  }

  /** What a member (or the host) sees on opening the room; they then hear its lines live. */
  async watch(centre: ResolvedCentre, principal: Principal, topicId: string): Promise<{ lines: TopicLineView[]; members?: TopicMemberView[] }> {
    if (principal.role === 'guest') return { lines: (await this.visitorView(centre, principal, topicId)).lines };
    const view = await this.moderation(centre, principal, topicId);
    return { lines: view.lines, members: view.members };
  }

  async visitorView(centre: ResolvedCentre, guest: Principal, topicId: string): Promise<TopicVisitorView> {
    const topic = await this.find(centre, topicId);
    const members = await this.dataSource.getRepository(AnonymousTopicMember).findBy({ topicId: topic.id });
    const me = members.find((m) => m.visitorId === guest.id);
    if (!me) throw notFound('ANONYMOUS_TOPIC_NOT_MEMBER');
    if (me.removed) throw new DomainError('ANONYMOUS_TOPIC_REMOVED', 403);
    const cipher = await this.crypto.forCentre(centre.id);
    return { topic: publicView(topic), memberId: me.id, nickname: cipher.openText(nicknameAad(me.id), me.sealedNickname), lines: await this.lineViews(centre.id, cipher, topic, members, me.id, guest) };
  }

  /** A line from a member or the host, during the window, to everyone in the room. */
  async send(centre: ResolvedCentre, principal: Principal, topicId: string, text: string, network?: string): Promise<TopicLineView> {
    const topic = await this.find(centre, topicId);
    if (publicView(topic).state !== 'open') throw new DomainError('ANONYMOUS_TOPIC_NOT_OPEN', 409);
    const visitor = principal.role === 'guest';
    const keys = visitor ? [`anonymous-line:${principal.id}`, ...(network ? [`anonymous-line-net:${network}`] : [])] : [`anonymous-line:${principal.id}`];
    for (const [i, key] of keys.entries()) if (!(await this.limiter.hit(key, this.linesPerMinute * (i === 0 ? (visitor ? 1 : 3) : 10), 60_000)).allowed) throw new DomainError('ANONYMOUS_TOO_FAST', 429);
    if (visitor && containsLink(text)) throw invalid([{ field: 'text', code: 'field.noLinks' }]);
    const cipher = await this.crypto.forCentre(centre.id);
    const id = newId();
    const createdAt = new Date();
    const sealed = cipher.seal(topicLineAad(id), text);
    let stored: number;
    let name: string;
    let memberId: string | null = null;
    if (visitor) {
      // Stored only for a member who is not removed, checked in the statement that writes it.
      stored = await this.sql.run(
        `INSERT INTO anonymous_topic_line (id, centreId, topicId, author, memberId, sealedText, createdAt)
         SELECT ?, m.centreId, m.topicId, 'visitor', m.id, ?, ? FROM anonymous_topic_member m WHERE m.topicId = ? AND m.visitorId = ? AND m.centreId = ? AND m.removed = ?`,
        [id, sealed, sqlDate(createdAt), topic.id, principal.id, centre.id, false],
      );
      const member = stored ? await this.dataSource.getRepository(AnonymousTopicMember).findOneBy({ topicId: topic.id, visitorId: principal.id }) : null;
      memberId = member?.id ?? null;
      name = member ? cipher.openText(nicknameAad(member.id), member.sealedNickname) : '';
    } else {
      if (topic.hostId !== principal.id) throw new DomainError('ANONYMOUS_NOT_HOST', 403);
      stored = await this.sql.run('INSERT INTO anonymous_topic_line (id, centreId, topicId, author, memberId, sealedText, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)', [id, centre.id, topic.id, 'host', null, sealed, sqlDate(createdAt)]);
      name = (await this.names.of(centre.id, [principal.id])).get(principal.id) ?? '';
    }
    if (!stored) throw new DomainError('ANONYMOUS_TOPIC_REMOVED', 403);
    if (visitor) void this.visitors.touch(principal.id).catch(() => undefined);
    const view: TopicLineView = { id, topicId: topic.id, author: visitor ? 'visitor' : 'host', memberId, name, text, createdAt: createdAt.toISOString(), mine: false };
    this.toRoom(topic.id, ANONYMOUS_EVENTS.topicLine, view);
    return { ...view, mine: true };
  }

  /** Whether this person may have the room open (a member not removed, or the host). */
  async mayWatch(centre: ResolvedCentre, principal: Principal, topicId: string): Promise<boolean> {
    const topic = await this.find(centre, topicId);
    if (principal.role !== 'guest') return topic.hostId === principal.id;
    const member = await this.dataSource.getRepository(AnonymousTopicMember).findOneBy({ topicId: topic.id, visitorId: principal.id });
    return !!member && !member.removed;
  }

  // ---- the sweep ----

  /** Windows that passed: the rooms close. Answers how many. */
  async closeEnded(now = new Date()): Promise<number> {
    const ended = await this.dataSource.getRepository(AnonymousTopic).find({ where: { closedAt: IsNull(), endsAt: LessThanOrEqual(now) }, take: 500 });
    for (const topic of ended) {
      await this.dataSource.getRepository(AnonymousTopic).update({ id: topic.id, closedAt: IsNull() }, { closedAt: topic.endsAt });
      this.changed(topic.centreId);
      this.closeRoom(topic.id);
    }
    return ended.length;
  }

  /** Histories past their centre's retention are erased: lines and memberships, rows gone. */
  async eraseHistories(now = new Date()): Promise<number> {
    const closed = await this.dataSource.getRepository(AnonymousTopic).find({ where: { historyErasedAt: IsNull(), closedAt: LessThanOrEqual(now) }, take: 500 });
    let erased = 0;
    for (const topic of closed) {
      const { topicRetentionDays } = await this.settings.view(topic.centreId);
      if (topic.closedAt!.getTime() + topicRetentionDays * 86_400_000 > now.getTime()) continue;
      await this.dataSource.transaction(async (manager) => {
        await manager.delete(AnonymousTopicLine, { topicId: topic.id });
        await manager.delete(AnonymousTopicMember, { topicId: topic.id });
        await manager.update(AnonymousTopic, { id: topic.id }, { historyErasedAt: now });
      });
      erased++;
    }
    if (erased) this.hygiene.afterErasureSoon().catch((error: unknown) => this.logger.warn({ err: errorFields(error) }, 'checkpoint after topic chats failed'));
    return erased;
  }

  // ---- helpers ----

  private async find(centre: ResolvedCentre, topicId: string): Promise<AnonymousTopic> {
    if (!isUuid(topicId)) throw notFound('ANONYMOUS_TOPIC_NOT_FOUND');
    const topic = await this.dataSource.getRepository(AnonymousTopic).findOneBy({ id: topicId, centreId: centre.id });
    if (!topic) throw notFound('ANONYMOUS_TOPIC_NOT_FOUND');
    return topic;
  }

  /** A topic its host or the administration may change. */
  private async own(centre: ResolvedCentre, actor: Principal, topicId: string): Promise<AnonymousTopic> {
    const topic = await this.find(centre, topicId);
    if (actor.role !== 'admin' && topic.hostId !== actor.id) throw new DomainError('ANONYMOUS_NOT_HOST', 403);
    return topic;
  }

  /** A topic this counsellor hosts (only the host reads and moderates it; the administration does not). */
  private async hosted(centre: ResolvedCentre, host: Principal, topicId: string): Promise<AnonymousTopic> {
    const topic = await this.find(centre, topicId);
    if (topic.hostId !== host.id) throw new DomainError('ANONYMOUS_NOT_HOST', 403);
    return topic;
  }

  private async hostFor(centre: ResolvedCentre, actor: Principal, hostId: string | undefined): Promise<string> {
    if (actor.role === 'counsellor') {
      if (hostId && hostId !== actor.id) throw invalid([{ field: 'hostId', code: 'field.host' }]);
      return actor.id;
    }
    const counsellors = await this.cases.counsellors(centre);
    if (!hostId || !counsellors.some((c) => c.id === hostId)) throw invalid([{ field: 'hostId', code: 'field.host' }]);
    return hostId;
  }

  private async views(centre: ResolvedCentre, actor: Principal, topics: AnonymousTopic[]): Promise<TopicView[]> {
    if (topics.length === 0) return [];
    const names = await this.names.of(centre.id, [...new Set(topics.map((t) => t.hostId))]);
    const counts = await this.sql.query<{ topicId: string; n: number | string }>(
      `SELECT topicId, COUNT(*) AS n FROM anonymous_topic_member WHERE removed = ? AND topicId IN (${topics.map(() => '?').join(', ')}) GROUP BY topicId`,
      [false, ...topics.map((t) => t.id)],
    );
    const members = new Map(counts.map((c) => [c.topicId, Number(c.n)]));
    return topics.map((t) => ({
      ...publicView(t),
      host: { id: t.hostId, name: names.get(t.hostId) ?? '' },
      mine: actor.role === 'admin' || t.hostId === actor.id,
      closedEarly: !!t.closedEarly,
      historyErased: !!t.historyErasedAt,
      members: members.get(t.id) ?? 0,
    }));
  }

  private async lineViews(centreId: string, cipher: CentreCipher, topic: AnonymousTopic, members: AnonymousTopicMember[], myMemberId: string | null, reader: Principal): Promise<TopicLineView[]> {
    const rows = await this.sql.query<RawTopicLine>(
      `SELECT id, topicId, author, memberId, sealedText, createdAt FROM anonymous_topic_line WHERE topicId = ? AND centreId = ? ORDER BY id DESC LIMIT ${HISTORY_LIMIT}`,
      [topic.id, centreId],
    );
    rows.reverse();
    const nicknames = new Map(members.map((m) => [m.id, cipher.openText(nicknameAad(m.id), m.sealedNickname)]));
    const hostName = (await this.names.of(centreId, [topic.hostId])).get(topic.hostId) ?? '';
    return rows.map((r) => ({
      id: r.id,
      topicId: r.topicId,
      author: r.author,
      memberId: r.memberId,
      name: r.author === 'host' ? hostName : (nicknames.get(r.memberId ?? '') ?? ''),
      text: cipher.openText(topicLineAad(r.id), r.sealedText),
      createdAt: fromSqlDate(r.createdAt).toISOString(),
      mine: r.author === 'host' ? reader.id === topic.hostId && reader.role !== 'guest' : !!myMemberId && r.memberId === myMemberId,
    }));
  }

  private async announceMembers(centreId: string, topic: AnonymousTopic): Promise<void> {
    const cipher = await this.crypto.forCentre(centreId);
    const members = await this.dataSource.getRepository(AnonymousTopicMember).find({ where: { topicId: topic.id }, order: { joinedAt: 'ASC' } });
    this.realtime.toUsers([topic.hostId], ANONYMOUS_EVENTS.topicMembers, { topicId: topic.id, members: members.map((m) => memberView(cipher, m)) });
  }

  private toRoom(topicId: string, event: string, payload: unknown): void {
    this.server?.to(topicRoom(topicId)).emit(event, payload);
  }

  private closeRoom(topicId: string): void {
    this.toRoom(topicId, ANONYMOUS_EVENTS.topicClosed, { topicId });
    this.server?.in(topicRoom(topicId)).socketsLeave(topicRoom(topicId));
  }

  /** Memberships of visitors whose session is gone (their lines stay for the others). */
  async forgetVisitors(visitorIds: string[]): Promise<void> {
    if (visitorIds.length) await this.dataSource.getRepository(AnonymousTopicMember).delete({ visitorId: In(visitorIds), removed: false });
  }
}

function publicView(t: AnonymousTopic, now = new Date()): TopicPublicView {
  const state = t.closedAt || t.endsAt <= now ? 'over' : t.startsAt <= now ? 'open' : 'upcoming';
  return { id: t.id, title: t.title, description: t.description, startsAt: t.startsAt.toISOString(), endsAt: t.endsAt.toISOString(), state };
}

function memberView(cipher: CentreCipher, m: AnonymousTopicMember): TopicMemberView {
  return { id: m.id, nickname: cipher.openText(nicknameAad(m.id), m.sealedNickname), removed: !!m.removed };
}

/** A window that ends after it starts, lasts at most 12 hours, ends in the future and starts within a year. */
function checkWindow(startsAt: Date, endsAt: Date, started = false): { startsAt: Date; endsAt: Date } {
  const now = Date.now();
  if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime())) throw invalid([{ field: 'startsAt', code: 'field.dateTime' }]);
  if (!(endsAt > startsAt) || endsAt.getTime() - startsAt.getTime() > MAX_WINDOW_HOURS * 3_600_000) {
    throw invalid([{ field: 'endsAt', code: 'field.topicWindow', params: { max: MAX_WINDOW_HOURS } }]);
  }
  if (endsAt.getTime() <= now) throw invalid([{ field: 'endsAt', code: 'field.pastDateTime' }]);
  if (!started && startsAt.getTime() > now + MAX_AHEAD_DAYS * 86_400_000) throw invalid([{ field: 'startsAt', code: 'field.tooFarAhead' }]);
  return { startsAt, endsAt };
}
