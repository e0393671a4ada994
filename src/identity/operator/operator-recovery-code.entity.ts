import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { CascadeRef, DateColumn, ID_LENGTH } from '../../database/columns.js';

/** A one-time recovery code for the operator's two-factor login; only its hash is stored. */
@Entity('operator_recovery_code')
@Index('IDX_operator_recovery_operator', ['operatorId'])
export class OperatorRecoveryCode {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  id!: string;

  @CascadeRef('OperatorAccount')
  operatorId!: string;

  @Column({ type: 'varchar', length: 64 })
  codeHash!: string;

  @DateColumn()
  createdAt!: Date;
}
