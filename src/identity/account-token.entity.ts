import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { DateColumn, ID_LENGTH } from '../database/columns.js';

export type TokenPurpose = 'invitation' | 'registration' | 'password-reset' | 'email-change';

/** A single-use link token. Only its hash is stored; it is deleted when used. */
@Entity('account_token')
@Index(['userId', 'purpose'])
export class AccountToken {
  /** sha256 (hex) of the token sent by e-mail. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  centreId!: string;

  @Column({ type: 'varchar', length: ID_LENGTH })
  userId!: string;

  @Column({ type: 'varchar', length: 24 })
  purpose!: TokenPurpose;

  @DateColumn()
  expiresAt!: Date;

  @DateColumn()
  createdAt!: Date;
}
