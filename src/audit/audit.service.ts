import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

import type { Principal } from '../common/request.js';
import { newId } from '../database/ids.js';
import { AuditEvent } from './audit-event.entity.js';

export interface AuditActor {
  type: AuditEvent['actorType'];
  id: string | null;
  centreId: string | null;
}

export interface AuditEntry {
  action: string;
  /** The centre the event belongs to; null for platform events. */
  centreId?: string | null;
  target?: { type: string; id: string };
  outcome?: 'success' | 'failure';
}

export const actorOf = (principal: Principal | undefined): AuditActor =>
  principal
    ? { type: principal.type, id: principal.id, centreId: principal.centreId }
    : { type: 'anonymous', id: null, centreId: null };

export const SYSTEM: AuditActor = { type: 'system', id: null, centreId: null };

/** Security events without content: who (by id), did what, to which object (by id), outcome. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(actor: AuditActor, entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(AuditEvent, {
      id: newId(),
      centreId: entry.centreId === undefined ? actor.centreId : entry.centreId,
      at: new Date(),
      actorType: actor.type,
      actorId: actor.id,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      outcome: entry.outcome ?? 'success',
    });
  }
}
