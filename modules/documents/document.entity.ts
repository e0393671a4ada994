import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { CascadeRef, CentreIdColumn, DateColumn, NullableRef, SealedColumn } from '#kernel';

/**
 * A PDF in a case's document box. The file itself is sealed in the file store under
 * `<centreId>/documents/<id>`; its name is sealed here. The period decides which counsellor sees it.
 */
@Entity('document')
@Index('IDX_document_case', ['caseId', 'id'])
@Index('IDX_document_uploader', ['centreId', 'uploaderId'])
export class DocumentFile {
  /** UUIDv7, sorted by time. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @CentreIdColumn()
  centreId!: string;

  @CascadeRef('CounsellingCase')
  caseId!: string;

  @NullableRef('UserAccount')
  uploaderId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  uploaderRole!: 'client' | 'counsellor';

  @NullableRef('CasePeriod')
  periodId!: string | null;

  @SealedColumn()
  sealedName!: Buffer;

  /** Plaintext size in bytes. */
  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'integer' })
  pages!: number;

  @DateColumn()
  createdAt!: Date;
}

export const documentStorageKey = (centreId: string, id: string) => `${centreId}/documents/${id}`;
export const documentNameAad = (id: string) => ({ table: 'document', id, column: 'name' });
export const documentFileAad = (id: string) => ({ table: 'document', id, column: 'file' });
