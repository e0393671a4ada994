import { Column, Entity } from 'typeorm';

import { CascadeRef, CentreIdColumn, DateColumn, SealedColumn } from '../database/columns.js';

/** The absence assistant of a counsellor: on or off, with an optional text clients see. */
@Entity('counsellor_absence')
export class CounsellorAbsence {
  @CascadeRef('UserAccount', { primary: true })
  userId!: string;

  @CentreIdColumn()
  centreId!: string;

  @Column({ type: 'boolean', default: false })
  enabled!: boolean;

  @SealedColumn({ nullable: true })
  sealedText!: Buffer | null;

  /** Switched on by the admin (e.g. sudden illness) rather than by the counsellor. */
  @Column({ type: 'boolean', default: false })
  setByAdmin!: boolean;

  @DateColumn()
  updatedAt!: Date;
}
