import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { CentreRole } from '../../contracts/roles.js';
import { CentreIdColumn, DateColumn, ID_LENGTH, SealedColumn } from '../../database/columns.js';

export type AccountStatus = 'pending' | 'active' | 'deactivated';
export type NotifyMode = 'each' | 'hourly' | 'off';

/**
 * A person at one centre. E-mail, username and display name are sealed with the centre's key;
 * lookups go through keyed blind indexes, so a copy of the database reveals no identities.
 */
@Entity('user_account')
@Index('UQ_user_email', ['centreId', 'emailIndex'], { unique: true })
@Index('UQ_user_username', ['centreId', 'usernameIndex'], { unique: true })
@Index('IDX_user_role', ['centreId', 'role'])
export class UserAccount {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  id!: string;

  @CentreIdColumn()
  centreId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: CentreRole;

  @Column({ type: 'varchar', length: 16 })
  status!: AccountStatus;

  @Column({ type: 'varchar', length: 64 })
  emailIndex!: string;

  /** Clients log in with a pseudonym; staff have none. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  usernameIndex!: string | null;

  @SealedColumn()
  sealedEmail!: Buffer;

  @SealedColumn({ nullable: true })
  sealedUsername!: Buffer | null;

  @SealedColumn({ nullable: true })
  sealedDisplayName!: Buffer | null;

  /** Null until an invited staff member sets a password. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  passwordHash!: string | null;

  @Column({ type: 'varchar', length: 5, default: 'de' })
  locale!: 'de' | 'en';

  /**
   * Wrong second-factor codes and wrong password confirmations: counted on the account, since
   * only someone who got the password right or holds a session makes them. Wrong passwords at
   * the login are counted per login as typed and network instead (LoginThrottle).
   */
  @Column({ type: 'integer', default: 0 })
  failedLogins!: number;

  @DateColumn({ nullable: true })
  lockedUntil!: Date | null;

  @DateColumn({ nullable: true })
  emailConfirmedAt!: Date | null;

  @DateColumn({ nullable: true })
  lastLoginAt!: Date | null;

  @DateColumn({ nullable: true })
  privacyAcceptedAt!: Date | null;

  /** Two-factor login (staff): the TOTP secret, sealed; set up but not yet confirmed until totpEnabledAt. */
  @SealedColumn({ nullable: true })
  sealedTotpSecret!: Buffer | null;

  @DateColumn({ nullable: true })
  totpEnabledAt!: Date | null;

  /** The last accepted TOTP time step: a code is never accepted twice. */
  @Column({ type: 'integer', nullable: true })
  totpLastStep!: number | null;

  /** E-mail about new messages: each time ('each'), at most hourly ('hourly'), or never ('off', staff only). */
  @Column({ type: 'varchar', length: 8, default: 'each' })
  notifyMode!: NotifyMode;

  /** Set while an hourly digest is owed. */
  @DateColumn({ nullable: true })
  digestPendingSince!: Date | null;

  @DateColumn()
  createdAt!: Date;

  @DateColumn()
  updatedAt!: Date;
}
