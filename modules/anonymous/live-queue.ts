import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

import { errorFields, fromSqlDate, HotSql, RealtimeService, sqlDate, writeLock } from '#kernel';

import { AnonymousChat, AnonymousDuty } from './anonymous.entities.js';
import { ANONYMOUS_EVENTS } from './contracts.js';

/** A chat the queue gave to a counsellor. */
export interface Assignment {
  chatId: string;
  visitorId: string | null;
  counsellorId: string;
}

interface Waiting {
  id: string;
  visitorId: string | null;
}

const ANNOUNCE_AFTER_MS = 50;

/**
 * The live chat's queue: first come, first served. Waiting visitors go to counsellors on duty
 * with room below their capacity, the least loaded first (among equals, the one who waited
 * longest for a visitor). Each hand-over is decided under the counsellor's duty row lock and
 * takes the chat only if it still waits, so instances that dispatch at the same moment neither
 * give one visitor to two counsellors nor a counsellor more than they take at once.
 */
@Injectable()
export class LiveQueue {
  private readonly logger = new Logger(LiveQueue.name);
  /** One dispatch per centre at a time on this instance; a request during one runs it again after. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly announcing = new Map<string, NodeJS.Timeout>();
  /** Called with each hand-over (the live chat service tells both sides). */
  onAssigned?: (centreId: string, assignment: Assignment) => Promise<void>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sql: HotSql,
    private readonly realtime: RealtimeService,
  ) {}

  /** Gives waiting visitors to free counsellors; resolves when this centre's queue is settled. */
  dispatch(centreId: string): Promise<void> {
    const current = this.running.get(centreId);
    if (current) {
      this.again.add(centreId);
      return current;
    }
    const run = (async () => {
      try {
        do {
          this.again.delete(centreId);
          await this.dispatchOnce(centreId);
        } while (this.again.has(centreId));
      } catch (error) {
        this.logger.warn({ err: errorFields(error) }, 'anonymous dispatch failed');
      } finally {
        this.running.delete(centreId);
      }
    })();
    this.running.set(centreId, run);
    return run;
  }

  private async dispatchOnce(centreId: string): Promise<void> {
    let moved = false;
    // A hand-over refused (taken elsewhere, or the counsellor filled up meanwhile) means: look
    // again at the queue and the counsellors — a few times, then the next trigger carries on.
    for (let misses = 0; misses < 5; ) {
      const waiting = await this.sql.query<Waiting>("SELECT id, visitorId FROM anonymous_chat WHERE centreId = ? AND status = 'waiting' ORDER BY id ASC LIMIT 20", [centreId]);
      if (waiting.length === 0) break;
      const free = await this.freeCounsellors(centreId);
      if (free.length === 0) break;
      for (const chat of waiting) {
        const counsellor = free.find((f) => f.room > 0);
        if (!counsellor) break;
        if (!(await this.claim(centreId, chat.id, counsellor.counsellorId, false))) {
          misses++;
          break;
        }
        counsellor.room--;
        moved = true;
        await this.onAssigned?.(centreId, { chatId: chat.id, visitorId: chat.visitorId, counsellorId: counsellor.counsellorId });
      }
    }
    if (moved) this.announce(centreId);
  }

  /** Counsellors on duty with room for more, in the order they get the next visitor. */
  private async freeCounsellors(centreId: string): Promise<{ counsellorId: string; room: number }[]> {
    const rows = await this.sql.query<{ counsellorId: string; capacity: number; lastAssignedAt: unknown; serving: number | string }>(
      `SELECT d.counsellorId, d.capacity, d.lastAssignedAt,
         (SELECT COUNT(*) FROM anonymous_chat c WHERE c.counsellorId = d.counsellorId AND c.status = 'active' AND c.centreId = d.centreId) AS serving
       FROM anonymous_duty d WHERE d.centreId = ? AND d.until > ?`,
      [centreId, sqlDate(new Date())],
    );
    return rows
      .map((r) => ({ counsellorId: r.counsellorId, room: Number(r.capacity) - Number(r.serving), share: Number(r.serving) / Number(r.capacity), idle: fromSqlDate(r.lastAssignedAt).getTime() }))
      .filter((r) => r.room > 0)
      .sort((a, b) => a.share - b.share || a.idle - b.idle || a.counsellorId.localeCompare(b.counsellorId))
      .map(({ counsellorId, room }) => ({ counsellorId, room }));
  }

  /**
   * The counsellor takes the chat if they are on duty, still have room (unless they picked it
   * themselves: `beyondCapacity`) and it still waits. Answers whether they took it.
   */
  async claim(centreId: string, chatId: string, counsellorId: string, beyondCapacity: boolean): Promise<boolean> {
    const body = async (manager: EntityManager) => {
      const mode = writeLock(manager);
      const now = new Date();
      const duty = await manager.findOne(AnonymousDuty, { where: { counsellorId, centreId }, ...(mode ? { lock: { mode } } : {}) });
      if (!duty || duty.until <= now) return false;
      if (!beyondCapacity) {
        const load = await manager.countBy(AnonymousChat, { counsellorId, centreId, status: 'active' });
        if (load >= duty.capacity) return false;
      }
      const taken = await manager.update(AnonymousChat, { id: chatId, centreId, status: 'waiting' }, { status: 'active', counsellorId, acceptedAt: now });
      if (!taken.affected) return false;
      await manager.update(AnonymousDuty, { counsellorId }, { lastAssignedAt: now });
      return true;
    };
    const mysql = this.dataSource.options.type === 'mysql' || this.dataSource.options.type === 'mariadb';
    // READ COMMITTED: the count under the duty's lock sees chats other hand-overs just committed.
    return mysql ? this.dataSource.transaction('READ COMMITTED', body) : this.dataSource.transaction(body);
  }

  /** Waiting chats in their order. */
  async waiting(centreId: string): Promise<Waiting[]> {
    return this.sql.query<Waiting>("SELECT id, visitorId FROM anonymous_chat WHERE centreId = ? AND status = 'waiting' ORDER BY id ASC", [centreId]);
  }

  /** The place of a waiting chat (1 = next), or null if it does not wait. */
  async position(centreId: string, chatId: string): Promise<number | null> {
    const [row] = await this.sql.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM anonymous_chat w WHERE w.centreId = ? AND w.status = 'waiting' AND w.id <= ?
         AND EXISTS (SELECT 1 FROM anonymous_chat me WHERE me.id = ? AND me.status = 'waiting')`,
      [centreId, chatId, chatId],
    );
    const n = Number(row?.n ?? 0);
    return n > 0 ? n : null;
  }

  /**
   * Soon tells every waiting visitor their place, and the counsellors on duty that the queue
   * changed; changes of the same moment are told once.
   */
  announce(centreId: string): void {
    if (this.announcing.has(centreId)) return;
    this.announcing.set(
      centreId,
      setTimeout(() => {
        this.announcing.delete(centreId);
        this.announceNow(centreId).catch((error: unknown) => this.logger.warn({ err: errorFields(error) }, 'anonymous queue announcement failed'));
      }, ANNOUNCE_AFTER_MS),
    );
  }

  private async announceNow(centreId: string): Promise<void> {
    const waiting = await this.waiting(centreId);
    waiting.forEach((chat, i) => {
      if (chat.visitorId) this.realtime.toUsers([chat.visitorId], ANONYMOUS_EVENTS.queue, { chatId: chat.id, position: i + 1, waiting: waiting.length });
    });
    const duty = await this.sql.query<{ counsellorId: string }>('SELECT counsellorId FROM anonymous_duty WHERE centreId = ? AND until > ?', [centreId, sqlDate(new Date())]);
    this.realtime.toUsers(duty.map((d) => d.counsellorId), ANONYMOUS_EVENTS.duty, { waiting: waiting.length });
  }

  onModuleDestroy(): void {
    for (const timer of this.announcing.values()) clearTimeout(timer);
    this.announcing.clear();
  }
}
