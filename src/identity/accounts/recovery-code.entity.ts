import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { CascadeRef, CentreIdColumn, DateColumn, ID_LENGTH } from '../../database/columns.js';

/** A one-time recovery code for two-factor login; only its hash is stored, used codes are deleted. */
@Entity('recovery_code')
@Index('IDX_recovery_user', ['userId'])
export class RecoveryCode {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  id!: string;

  @CentreIdColumn()
  centreId!: string;

  @CascadeRef('UserAccount')
  userId!: string;

  @Column({ type: 'varchar', length: 64 })
  codeHash!: string;

  @DateColumn()
  createdAt!: Date;
}
