import { Column, Entity, PrimaryColumn } from 'typeorm';

import { CentreIdColumn, DateColumn } from '../database/columns.js';

export const ASSET_KINDS = ['logo', 'image'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/** Public branding images (logo, portal image). Not personal data, so not sealed. */
@Entity('centre_asset')
export class CentreAsset {
  @CentreIdColumn({ primary: true })
  centreId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind!: AssetKind;

  @Column({ type: 'varchar', length: 32 })
  mimeType!: string;

  @Column({ type: 'blob' })
  data!: Buffer;

  @Column({ type: 'varchar', length: 64 })
  etag!: string;

  @DateColumn()
  updatedAt!: Date;
}
