import { Entity, Index } from 'typeorm';

import { CascadeRef, CentreIdColumn, DateColumn } from '../database/columns.js';

/** The clients of a case: one for an individual case, several for a group. */
@Entity('case_member')
@Index('IDX_case_member_user', ['userId'])
export class CaseMember {
  @CascadeRef('CounsellingCase', { primary: true })
  caseId!: string;

  @CascadeRef('UserAccount', { primary: true })
  userId!: string;

  @CentreIdColumn()
  centreId!: string;

  @DateColumn()
  joinedAt!: Date;
}
