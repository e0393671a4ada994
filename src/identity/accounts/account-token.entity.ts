import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { CascadeRef, CentreIdColumn, DateColumn, SealedColumn } from '../../database/columns.js';

export type TokenPurpose = 'invitation' | 'registration' | 'password-reset' | 'email-change';

/** A single-use link token. Only its hash is stored; it is deleted when used. */
@Entity('account_token')
@Index('IDX_token_user', ['userId', 'purpose'])
export class AccountToken {
  /** sha256 (hex) of the token sent by e-mail. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tokenHash!: string;

  @CentreIdColumn()
  centreId!: string;

  @CascadeRef('UserAccount')
  userId!: string;

  @Column({ type: 'varchar', length: 24 })
  purpose!: TokenPurpose;

  @DateColumn()
  expiresAt!: Date;

  /** Data the link confirms, sealed (e.g. the new address of an e-mail change). */
  @SealedColumn({ nullable: true })
  sealedPayload!: Buffer | null;

  @DateColumn()
  createdAt!: Date;
}
