import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';

import { AuditEvent } from '../../audit/audit-event.entity.js';
import { PersonalDataRegistry } from '../../privacy/personal-data.port.js';
import { SessionService } from '../sessions/session.service.js';
import { UserAccount } from './user-account.entity.js';

export const ACCOUNT_ERASED = 'account.erased';

/**
 * Deletes a person with everything that is theirs, in the caller's transaction: every module's
 * data through the personal-data port, then tokens, recovery codes and the account row (by
 * cascade). Audit entries stay as anonymous events, so nothing refers to the person any more.
 */
@Injectable()
export class AccountEraser {
  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly sessions: SessionService,
    private readonly events: EventEmitter2,
  ) {}

  async endSessions(userId: string): Promise<void> {
    await this.sessions.endAllFor(userId);
  }

  async erase(manager: EntityManager, account: Pick<UserAccount, 'id' | 'centreId'>): Promise<void> {
    const subject = { centreId: account.centreId, userId: account.id };
    for (const contributor of this.registry.all()) await contributor.erase(subject, manager);
    await manager.update(AuditEvent, { actorId: account.id }, { actorId: null });
    await manager.update(AuditEvent, { targetId: account.id }, { targetId: null });
    await manager.delete(UserAccount, { id: account.id, centreId: account.centreId });
  }

  /**
   * After the transaction committed: end sessions (may live in Redis) and tell the modules, and
   * wait for them (files removed, the database's log emptied) before the erasure is answered.
   */
  async afterErase(account: Pick<UserAccount, 'id' | 'centreId'>): Promise<void> {
    await this.endSessions(account.id);
    await this.events.emitAsync(ACCOUNT_ERASED, { centreId: account.centreId, userId: account.id });
  }
}
