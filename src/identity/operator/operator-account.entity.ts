import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

import { DateColumn, ID_LENGTH } from '../../database/columns.js';

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

  @Column({ type: 'integer', default: 0 })
  failedLogins!: number;

  @DateColumn({ nullable: true })
  lockedUntil!: Date | null;

  @DateColumn({ nullable: true })
  lastLoginAt!: Date | null;

  @DateColumn()
  createdAt!: Date;
}
