import { Column, Entity } from 'typeorm';

import { CascadeRef, CentreIdColumn, DateColumn } from '#kernel';

/** How far a person has read a thread: everything up to this message id. */
@Entity('mail_read')
export class MailRead {
  @CascadeRef('CounsellingCase', { primary: true })
  caseId!: string;

  @CascadeRef('UserAccount', { primary: true })
  userId!: string;

  @CentreIdColumn()
  centreId!: string;

  @Column({ type: 'varchar', length: 36 })
  lastReadMessageId!: string;

  @DateColumn()
  updatedAt!: Date;
}
