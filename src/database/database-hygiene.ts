import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { errorFields } from '../common/error-fields.js';
import { ACCOUNT_ERASED } from '../identity/accounts/account-eraser.service.js';

/**
 * After an erasure nothing of the person may stay readable in any file the database keeps. SQLite
 * overwrites deleted content in the database file (`secure_delete`), but its write-ahead log still
 * holds the pages as they were written until a checkpoint: so every erasure ends with a
 * checkpoint that truncates the log. MariaDB/MySQL keep such traces in their logs by their own
 * settings (docs/operations.md, "Erasure and the database's logs").
 */
@Injectable()
export class DatabaseHygiene {
  private readonly logger = new Logger(DatabaseHygiene.name);
  private readonly sqlite: boolean;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.sqlite = dataSource.options.type === 'better-sqlite3';
  }

  @OnEvent(ACCOUNT_ERASED, { async: true, promisify: true })
  async accountErased(): Promise<void> {
    await this.afterErasure();
  }

  private pending?: Promise<void>;

  /**
   * For erasures that happen often (an anonymous chat that ends): one checkpoint for all those
   * of the next moment. Resolves when it is done.
   */
  afterErasureSoon(): Promise<void> {
    if (!this.sqlite) return Promise.resolve();
    this.pending ??= new Promise<void>((resolve) => setTimeout(resolve, 100)).then(() => {
      this.pending = undefined;
      return this.afterErasure();
    });
    return this.pending;
  }

  /** Empties SQLite's write-ahead log into the database file and cuts it to nothing. */
  async afterErasure(): Promise<void> {
    if (!this.sqlite) return;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const [result] = await this.dataSource.query<{ busy: number }[]>('PRAGMA wal_checkpoint(TRUNCATE)');
        if (!result?.busy) return;
      } catch (error) {
        this.logger.warn({ err: errorFields(error) }, 'checkpoint after erasure failed');
      }
      await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
    }
    this.logger.warn('checkpoint after erasure stayed busy; the log is emptied at the next one');
  }
}
