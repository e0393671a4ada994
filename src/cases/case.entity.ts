import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { AgeGroup, CaseKind, CaseStatus, ContactType, Topic } from '../contracts/cases.js';
import { CentreIdColumn, DateColumn, ID_LENGTH, NullableRef, SealedColumn } from '../database/columns.js';

/** A client (or a group of clients) and their current counsellor. */
@Entity('counselling_case')
@Index('IDX_case_centre_status', ['centreId', 'status'])
@Index('IDX_case_counsellor', ['counsellorId'])
export class CounsellingCase {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  id!: string;

  @CentreIdColumn()
  centreId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: CaseKind;

  @Column({ type: 'varchar', length: 16 })
  status!: CaseStatus;

  @NullableRef('UserAccount')
  counsellorId!: string | null;

  /** A group's name, sealed (it may say something about the people in it). */
  @SealedColumn({ nullable: true })
  sealedTitle!: Buffer | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  topic!: Topic | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  ageGroup!: AgeGroup | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  postcode!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  preferredContact!: ContactType | null;

  @DateColumn()
  createdAt!: Date;

  @DateColumn()
  updatedAt!: Date;

  @DateColumn()
  lastActivityAt!: Date;
}
