import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { CascadeRef, DateColumn, ID_LENGTH } from '../database/columns.js';

/** A security event. Never holds content: ids, action names and outcomes only. */
@Entity('audit_event')
@Index('IDX_audit_centre_at', ['centreId', 'at'])
export class AuditEvent {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  id!: string;

  @CascadeRef('Centre', { nullable: true })
  centreId!: string | null;

  @DateColumn()
  at!: Date;

  @Column({ type: 'varchar', length: 16 })
  actorType!: 'operator' | 'user' | 'guest' | 'system' | 'anonymous';

  @Column({ type: 'varchar', length: ID_LENGTH, nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  targetType!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  targetId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome!: 'success' | 'failure';
}
