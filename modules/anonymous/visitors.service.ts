import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { CryptoService, DomainError, HotSql, isUniqueViolation, type Principal, type ResolvedCentre, sqlDate } from '#kernel';

import { AnonymousVisitor, chatPseudonymAad, pseudonymAad } from './anonymous.entities.js';
import { randomPseudonym } from './pseudonyms.js';

/** How often a visitor's activity is written down (the sweeps count in minutes). */
const TOUCH_EVERY_MS = 20_000;

/**
 * Visitors: people in a guest session of the centre, known here by a pseudonym only. The row is
 * made at their first step and goes with their session.
 */
@Injectable()
export class VisitorService {
  private readonly touched = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly sql: HotSql,
  ) {}

  /** The visitor of this guest session, made with a random pseudonym at the first step. */
  async ensure(centre: ResolvedCentre, guest: Principal): Promise<AnonymousVisitor> {
    const repo = this.dataSource.getRepository(AnonymousVisitor);
    const found = await repo.findOneBy({ id: guest.id, centreId: centre.id });
    if (found) {
      await this.touch(guest.id);
      return found;
    }
    const cipher = await this.crypto.forCentre(centre.id);
    const now = new Date();
    const visitor: AnonymousVisitor = { id: guest.id, centreId: centre.id, sealedPseudonym: cipher.seal(pseudonymAad(guest.id), randomPseudonym()), blocked: false, createdAt: now, lastSeenAt: now };
    try {
      await repo.insert(visitor);
      return visitor;
    } catch (error) {
      // Two first steps at the same moment (two tabs): the other one made it.
      if (!isUniqueViolation(error)) throw error;
      return repo.findOneByOrFail({ id: guest.id, centreId: centre.id });
    }
  }

  async pseudonym(centreId: string, visitor: AnonymousVisitor): Promise<string> {
    return (await this.crypto.forCentre(centreId)).openText(pseudonymAad(visitor.id), visitor.sealedPseudonym);
  }

  /** A pseudonym of their own choice; a live chat shows it from now on. */
  async rename(centre: ResolvedCentre, guest: Principal, pseudonym: string): Promise<void> {
    await this.ensure(centre, guest);
    const cipher = await this.crypto.forCentre(centre.id);
    await this.dataSource.getRepository(AnonymousVisitor).update({ id: guest.id, centreId: centre.id }, { sealedPseudonym: cipher.seal(pseudonymAad(guest.id), pseudonym) });
    const chats = await this.sql.query<{ id: string }>("SELECT id FROM anonymous_chat WHERE visitorId = ? AND status IN ('waiting', 'active')", [guest.id]);
    for (const chat of chats) await this.sql.run('UPDATE anonymous_chat SET sealedPseudonym = ? WHERE id = ?', [cipher.seal(chatPseudonymAad(chat.id), pseudonym), chat.id]);
  }

  assertAllowed(visitor: AnonymousVisitor): void {
    if (visitor.blocked) throw new DomainError('ANONYMOUS_BLOCKED', 403);
  }

  async block(visitorId: string): Promise<void> {
    await this.dataSource.getRepository(AnonymousVisitor).update({ id: visitorId }, { blocked: true });
  }

  /** The visitor is still here (requests, socket events, the waiting page's heartbeat). */
  async touch(visitorId: string): Promise<void> {
    const last = this.touched.get(visitorId) ?? 0;
    if (Date.now() - last < TOUCH_EVERY_MS) return;
    this.touched.set(visitorId, Date.now());
    if (this.touched.size > 50_000) this.touched.clear();
    await this.sql.run('UPDATE anonymous_visitor SET lastSeenAt = ? WHERE id = ?', [sqlDate(new Date()), visitorId]);
  }

  forget(visitorId: string): void {
    this.touched.delete(visitorId);
  }
}
