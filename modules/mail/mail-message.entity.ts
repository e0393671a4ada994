import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { CascadeRef, CentreIdColumn, DateColumn, NullableRef, SealedColumn } from '#kernel';

/** A message in a case's thread. The text is sealed; the period decides which counsellor reads it. */
@Entity('mail_message')
@Index('IDX_mail_message_case', ['caseId', 'id'])
@Index('IDX_mail_message_author', ['centreId', 'authorId'])
export class MailMessage {
  /** UUIDv7: ids sort by time, which unread counting and paging rely on. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @CentreIdColumn()
  centreId!: string;

  @CascadeRef('CounsellingCase')
  caseId!: string;

  @NullableRef('UserAccount')
  authorId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  authorRole!: 'client' | 'counsellor' | 'admin';

  @NullableRef('CasePeriod')
  periodId!: string | null;

  @SealedColumn()
  sealedText!: Buffer;

  @DateColumn()
  createdAt!: Date;
}
