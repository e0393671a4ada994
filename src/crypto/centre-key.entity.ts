import { Column, Entity, PrimaryColumn } from 'typeorm';

import { DateColumn, ID_LENGTH } from '../database/columns.js';

/** A centre's data key, wrapped by a master key that never enters the database. */
@Entity('centre_key')
export class CentreKey {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  centreId!: string;

  @PrimaryColumn({ type: 'int' })
  version!: number;

  /** Fingerprint of the master key that wrapped this data key. */
  @Column({ type: 'varchar', length: 16 })
  kekId!: string;

  @Column({ type: 'blob' })
  wrappedKey!: Buffer;

  @DateColumn()
  createdAt!: Date;
}
