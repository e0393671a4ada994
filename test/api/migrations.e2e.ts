import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FEATURES } from '../../src/app.features.js';
import { migrationsFor } from '../../src/features/feature-migrations.js';

const MIGRATIONS = migrationsFor(FEATURES);
import { LONG_TEXT_COLUMNS } from '../../src/database/columns.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('migrations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('ran at start-up, all of them', async () => {
    const ran = await t.dataSource.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY id');
    expect(ran.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => new m().name));
  });

  it('leave nothing for the entities to change', async () => {
    if (t.db.kind === 'mysql') {
      // Our convention: blob and long-text columns are widened on MySQL by the migrations
      // (LONGBLOB, MEDIUMTEXT); say so to the comparison, everything else must match as is.
      for (const entity of t.dataSource.entityMetadatas) {
        for (const column of entity.columns) {
          if (column.type === 'blob') column.type = 'longblob';
          if (LONG_TEXT_COLUMNS.has(`${entity.name}.${column.propertyName}`)) column.type = 'mediumtext';
        }
      }
    }
    const sql = await t.dataSource.driver.createSchemaBuilder().log();
    const pending = sql.upQueries.map((q) => q.query);
    expect(pending).toEqual([]);
  });

  it('can be reverted completely and applied again', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await t.dataSource.undoLastMigration({ transaction: 'each' });
    const tables = await t.dataSource.createQueryRunner().getTables(['centre', 'user_account']);
    expect(tables).toEqual([]);
    const ran = await t.dataSource.runMigrations({ transaction: 'each' });
    expect(ran).toHaveLength(MIGRATIONS.length);
  });
});
