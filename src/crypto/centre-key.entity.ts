import { Column, Entity, PrimaryColumn } from 'typeorm';

import { CentreIdColumn, DateColumn } from '../database/columns.js';

/** A centre's data key, wrapped by a master key that never enters the database. */
@Entity('centre_key')
export class CentreKey {
  @CentreIdColumn({ primary: true })
  centreId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  /** Fingerprint of the master key that wrapped this data key. */
  @Column({ type: 'varchar', length: 16 })
  kekId!: string;

  @Column({ type: 'blob' })
  wrappedKey!: Buffer;

  @DateColumn()
  createdAt!: Date;
}
