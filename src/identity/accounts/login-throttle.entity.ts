import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { CascadeRef, DateColumn } from '../../database/columns.js';

/**
 * Failed logins of one login as typed (address or username), from one client address, at one
 * centre (or at the operator's login). Only keyed hashes are stored: the row says neither who
 * tried nor whether an account exists, and it is kept the same way when none does.
 */
@Entity('login_throttle')
@Index('IDX_login_throttle_login', ['loginKey'])
@Index('IDX_login_throttle_updated', ['updatedAt'])
export class LoginThrottleEntry {
  /** HMAC of centre, login and client address (network). */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  /** HMAC of centre and login alone: a new password lifts the locks of its logins everywhere. */
  @Column({ type: 'varchar', length: 64 })
  loginKey!: string;

  /** Null at the operator's login. */
  @CascadeRef('Centre', { nullable: true })
  centreId!: string | null;

  @Column({ type: 'integer', default: 0 })
  failedLogins!: number;

  @DateColumn({ nullable: true })
  lockedUntil!: Date | null;

  @DateColumn()
  updatedAt!: Date;
}
