import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import { type DynamicModule, Module } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';

import type { AppConfig } from '../config/app-config.js';
import { DatabaseHygiene } from './database-hygiene.js';
import { HotSql } from './hot-sql.js';
import { SqliteTurns } from './sqlite-serial.js';

export function typeOrmOptions(config: AppConfig, migrations: (new () => MigrationInterface)[]): TypeOrmModuleOptions {
  const common = {
    autoLoadEntities: true,
    synchronize: false,
    migrations,
    migrationsRun: true,
    migrationsTransactionMode: 'each' as const,
    // TypeORM's own error log prints query parameters; errors reach the problem filter instead.
    logging: false,
  };
  if (config.database.type === 'sqlite') {
    if (config.database.path !== ':memory:') mkdirSync(dirname(config.database.path), { recursive: true, mode: 0o700 });
    return {
      ...common,
      type: 'better-sqlite3',
      database: config.database.path,
      enableWAL: true,
      prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
        // Freed pages are overwritten, so deleted content does not linger in the file.
        db.pragma('secure_delete = ON');
        // The write-ahead log is cut back to this size after checkpoints (and to nothing after an
        // erasure, see DatabaseHygiene): old page images do not linger in it.
        db.pragma('journal_size_limit = 4194304');
      },
    };
  }
  return {
    ...common,
    type: config.database.type,
    url: config.database.url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    extra: { connectionLimit: 20 },
  };
}

@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig, migrations: (new () => MigrationInterface)[]): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [TypeOrmModule.forRoot(typeOrmOptions(config, migrations))],
      providers: [HotSql, DatabaseHygiene, SqliteTurns],
      exports: [HotSql, DatabaseHygiene],
    };
  }
}
