import type { MigrationInterface } from 'typeorm';

import { KERNEL_MIGRATIONS } from '../../migrations/index.js';
import type { FeatureDefinition } from './feature-definition.js';

type MigrationClass = new () => MigrationInterface;

/** TypeORM's rule: a migration's name ends in its timestamp. */
function timestampOf(migration: MigrationClass): number {
  const name = new migration().name ?? migration.name;
  const match = /(\d{13})$/.exec(name);
  if (!match) throw new Error(`Migration ${name} does not end in a 13-digit timestamp`);
  return Number(match[1]);
}

/** The kernel's migrations and every feature's, oldest first: what the database runs. */
export function migrationsFor(features: readonly FeatureDefinition[]): MigrationClass[] {
  const all = [...KERNEL_MIGRATIONS, ...features.flatMap((f) => f.migrations ?? [])];
  return all.map((m) => ({ m, at: timestampOf(m) })).sort((a, b) => a.at - b.at).map(({ m }) => m);
}
