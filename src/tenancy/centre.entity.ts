import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { FeatureKey } from '../contracts/modules.js';
import { DateColumn, ID_LENGTH } from '../database/columns.js';

/** A counselling centre: one closed tenant with its own portal, users and data key. */
@Entity('centre')
export class Centre {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  id!: string;

  @Column({ type: 'varchar', length: 63, unique: true })
  slug!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Licensed modules, comma-separated in the column. */
  @Column({ type: 'simple-array' })
  modules!: FeatureKey[];

  @Column({ type: 'boolean', default: false })
  suspended!: boolean;

  @Column({ type: 'text', nullable: true })
  imprint!: string | null;

  /** The centre's own privacy statement; null means the platform's default statement. */
  @Column({ type: 'text', nullable: true })
  privacyText!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  homepageUrl!: string | null;

  @DateColumn()
  createdAt!: Date;

  @DateColumn()
  updatedAt!: Date;
}
