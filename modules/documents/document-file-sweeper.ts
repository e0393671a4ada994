import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';

import { CentreService, FileStore } from '#kernel';

import { DocumentFile } from './document.entity.js';

/** Files younger than this may belong to an upload whose row is being written right now. */
const GRACE_MS = 60 * 60 * 1000;
const BATCH = 500;

/**
 * Removes stored document files that no row refers to any more. Files are deleted after the
 * transaction that deleted their rows; a crash in between would otherwise leave a sealed copy
 * behind, still readable with the centre's key — not acceptable for a deleted account's papers.
 */
@Injectable()
export class DocumentFileSweeper {
  private readonly logger = new Logger(DocumentFileSweeper.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly centres: CentreService,
    private readonly files: FileStore,
  ) {}

  @Cron(CronExpression.EVERY_HOUR)
  async sweep(): Promise<number> {
    return this.sweepOlderThan(new Date(Date.now() - GRACE_MS));
  }

  /** Deletes orphaned files last modified before `before`; returns how many went. */
  async sweepOlderThan(before: Date): Promise<number> {
    let removed = 0;
    for (const centreId of await this.centres.ids()) {
      let batch: string[] = [];
      for await (const { key, modifiedAt } of this.files.list(`${centreId}/documents`)) {
        if (modifiedAt >= before) continue;
        batch.push(key);
        if (batch.length === BATCH) {
          removed += await this.removeOrphans(centreId, batch);
          batch = [];
        }
      }
      if (batch.length > 0) removed += await this.removeOrphans(centreId, batch);
    }
    if (removed > 0) this.logger.log(`Removed ${removed} orphaned document file(s)`);
    return removed;
  }

  private async removeOrphans(centreId: string, keys: string[]): Promise<number> {
    const idOf = (key: string) => key.slice(key.lastIndexOf('/') + 1);
    const rows = await this.dataSource
      .getRepository(DocumentFile)
      .find({ where: { centreId, id: In(keys.map(idOf)) }, select: { id: true } });
    const kept = new Set(rows.map((r) => r.id));
    const orphans = keys.filter((key) => !kept.has(idOf(key)));
    for (const key of orphans) await this.files.delete(key);
    return orphans.length;
  }
}
