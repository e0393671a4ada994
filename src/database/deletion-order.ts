import type { EntityMetadata } from 'typeorm';

/**
 * The tables holding a centre's rows (a `centreId` column), each after every table whose
 * foreign keys point at it: deleted in this order, no ON DELETE action is left to run.
 *
 * Why not simply the cascade from `centre`: InnoDB, setting a row's column NULL while it
 * cascades (a message's author, when the account goes with its centre), checks that row's other
 * foreign keys — and fails when the row's own centre is being deleted in the same statement.
 * Tables in a cycle of foreign keys (none today) are left to the cascade.
 */
export function centreDeletionOrder(entities: readonly EntityMetadata[]): string[] {
  const tables = new Map<string, Set<string>>();
  for (const entity of entities) {
    if (!entity.columns.some((c) => c.databaseName === 'centreId')) continue;
    tables.set(entity.tableName, new Set());
  }
  // referencedBy.get(parent) = the tables with a foreign key to parent (other than themselves).
  for (const entity of entities) {
    if (!tables.has(entity.tableName)) continue;
    for (const fk of entity.foreignKeys) {
      const parent = fk.referencedEntityMetadata.tableName;
      if (parent !== entity.tableName && tables.has(parent)) tables.get(parent)!.add(entity.tableName);
    }
  }
  const order: string[] = [];
  const done = new Set<string>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const [table, children] of tables) {
      if (done.has(table) || [...children].some((child) => !done.has(child))) continue;
      order.push(table);
      done.add(table);
      progress = true;
    }
  }
  return order;
}
