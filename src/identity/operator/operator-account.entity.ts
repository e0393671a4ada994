import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

import { DateColumn, ID_LENGTH, SealedColumn } from '../../database/columns.js';

/** The platform operator (the association and its IT firm). Never belongs to a centre. */
@Entity('operator_account')
@Unique('UQ_operator_email', ['email'])
export class OperatorAccount {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  id!: string;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  /**
   * Wrong second-factor codes and wrong password confirmations: counted on the account, since
   * only someone who knew the password or held a session can make them (failed passwords at the
   * login are counted per login and address, see LoginThrottle).
   */
  @Column({ type: 'integer', default: 0 })
  failedLogins!: number;

  @DateColumn({ nullable: true })
  lockedUntil!: Date | null;

  @DateColumn({ nullable: true })
  lastLoginAt!: Date | null;

  /** Two-factor login (mandatory): the TOTP secret, sealed with a key derived from the master key. */
  @SealedColumn({ nullable: true })
  sealedTotpSecret!: Buffer | null;

  /** Which master key the secret is sealed under (its fingerprint), so rotation can re-seal it. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  totpKeyId!: string | null;

  @DateColumn({ nullable: true })
  totpEnabledAt!: Date | null;

  /** The last accepted TOTP time step: a code is never accepted twice. */
  @Column({ type: 'integer', nullable: true })
  totpLastStep!: number | null;

  @DateColumn()
  createdAt!: Date;
}
