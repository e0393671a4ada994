import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

import type { FeatureKey } from '../contracts/modules.js';
import { DateColumn, ID_LENGTH, LongTextColumn } from '../database/columns.js';

/** A counselling centre: one closed tenant with its own portal, users and data key. */
@Entity('centre')
@Unique('UQ_centre_slug', ['slug'])
export class Centre {
  @PrimaryColumn({ type: 'varchar', length: ID_LENGTH })
  id!: string;

  @Column({ type: 'varchar', length: 63 })
  slug!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Licensed modules, comma-separated in the column. */
  @Column({ type: 'simple-array' })
  modules!: FeatureKey[];

  @Column({ type: 'boolean', default: false })
  suspended!: boolean;

  @LongTextColumn({ nullable: true })
  imprint!: string | null;

  /** The centre's own privacy statement; null means the platform's default statement. */
  @LongTextColumn({ nullable: true })
  privacyText!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  homepageUrl!: string | null;

  /** The centre's admin can make two-factor login mandatory for its staff. */
  @Column({ type: 'boolean', default: false })
  staffTwoFactorRequired!: boolean;

  @DateColumn()
  createdAt!: Date;

  @DateColumn()
  updatedAt!: Date;
}
