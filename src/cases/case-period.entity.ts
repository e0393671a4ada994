import { Entity, Index, PrimaryColumn } from 'typeorm';

import { CascadeRef, CentreIdColumn, DateColumn, ID_LENGTH } from '../database/columns.js';

/**
 * A stretch of a case with one counsellor. Everything written belongs to a period, and a
 * counsellor reads only their own periods: after a reassignment the new counsellor sees nothing
 * from before. The intake period (before any assignment) has no counsellor until the first
 * assignment claims it.
 */
@Entity('case_period')
@Index('IDX_case_period_case', ['caseId', 'counsellorId'])
export class CasePeriod {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  id!: string;

  @CascadeRef('CounsellingCase')
  caseId!: string;

  @CentreIdColumn()
  centreId!: string;

  @CascadeRef('UserAccount', { nullable: true })
  counsellorId!: string | null;

  @DateColumn()
  startedAt!: Date;

  @DateColumn({ nullable: true })
  endedAt!: Date | null;
}
