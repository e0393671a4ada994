import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

interface CallbackPool {
  execute(sql: string, values: unknown[], callback: (error: Error | null, rows: unknown) => void): void;
}

/**
 * Plain parameterised SQL for the few queries every request runs (session, post, read). On
 * MySQL/MariaDB it uses mysql2 prepared statements on TypeORM's own pool (parsed once by the
 * server, no client-side escaping); on SQLite it goes through the data source as usual.
 * Values are always bound, never spliced into the text.
 */
@Injectable()
export class HotSql {
  private readonly pool?: CallbackPool;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    const type = dataSource.options.type;
    if (type === 'mysql' || type === 'mariadb') this.pool = (dataSource.driver as unknown as { pool?: CallbackPool }).pool;
  }

  /** A statement that changes rows; answers how many it changed. */
  async run(sql: string, values: unknown[] = []): Promise<number> {
    if (this.pool) {
      const header = await new Promise<unknown>((resolve, reject) =>
        this.pool!.execute(sql, values, (error, rows) => (error ? reject(error) : resolve(rows))),
      );
      return (header as { affectedRows: number }).affectedRows;
    }
    const runner = this.dataSource.createQueryRunner();
    try {
      return ((await runner.query(sql, values, true)) as { affected?: number }).affected ?? 0;
    } finally {
      await runner.release();
    }
  }

  query<T>(sql: string, values: unknown[] = []): Promise<T[]> {
    if (!this.pool) return this.dataSource.query<T[]>(sql, values);
    return new Promise((resolve, reject) =>
      this.pool!.execute(sql, values, (error, rows) => (error ? reject(error) : resolve(rows as T[]))),
    );
  }
}
