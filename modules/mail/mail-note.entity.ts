import { Entity } from 'typeorm';

import { CascadeRef, CentreIdColumn, DateColumn, SealedColumn } from '#kernel';

/** A counsellor's own notes on a case (client or group): only they write and read them. */
@Entity('mail_note')
export class MailNote {
  @CascadeRef('CounsellingCase', { primary: true })
  caseId!: string;

  @CascadeRef('UserAccount', { primary: true })
  authorId!: string;

  @CentreIdColumn()
  centreId!: string;

  @SealedColumn()
  sealedText!: Buffer;

  @DateColumn()
  updatedAt!: Date;
}
