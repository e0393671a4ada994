import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { Role } from '../../contracts/roles.js';
import { CascadeRef, DateColumn, ID_LENGTH } from '../../database/columns.js';

/** A server-side login session; the cookie carries a random token whose sha256 is the id. */
@Entity('session')
@Index('IDX_session_principal', ['principalId'])
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  principalType!: 'operator' | 'user' | 'guest';

  @Column({ type: 'varchar', length: ID_LENGTH })
  principalId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @CascadeRef('Centre', { nullable: true })
  centreId!: string | null;

  /** Staff who must set up two-factor login first may do only that in this session. */
  @Column({ type: 'boolean', default: false })
  twoFactorSetupPending!: boolean;

  @DateColumn()
  createdAt!: Date;

  @DateColumn()
  lastSeenAt!: Date;

  @DateColumn()
  expiresAt!: Date;
}
