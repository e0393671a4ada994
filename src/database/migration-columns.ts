import type { QueryRunner, TableColumnOptions, TableForeignKeyOptions } from 'typeorm';

/**
 * Column helpers that keep one migration portable between MySQL/MariaDB and SQLite.
 */
export function isMysql(queryRunner: QueryRunner): boolean {
  const type = queryRunner.connection.driver.options.type;
  return type === 'mysql' || type === 'mariadb';
}

export const id = (name = 'id', primary = true): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '36',
  isPrimary: primary,
});

export const ref = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '36',
  isNullable: nullable,
});

export const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});

export const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });

export const int = (name: string, defaultValue?: number): TableColumnOptions => ({
  name,
  type: 'integer',
  ...(defaultValue === undefined ? {} : { default: defaultValue }),
});

export const bool = (name: string, defaultValue = false): TableColumnOptions => ({
  name,
  type: 'boolean',
  default: defaultValue ? 1 : 0,
});

export const datetime = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  isNullable: nullable,
});

/** Long texts (privacy statements): MEDIUMTEXT on MySQL, whose TEXT stops at 64 KiB. */
export const longText = (queryRunner: QueryRunner, name: string, nullable = true): TableColumnOptions => ({
  name,
  type: isMysql(queryRunner) ? 'mediumtext' : 'text',
  isNullable: nullable,
});

/** Binary column for sealed values and files: LONGBLOB on MySQL (texts can exceed 64 KiB). */
export const binary = (queryRunner: QueryRunner, name: string, nullable = false): TableColumnOptions => ({
  name,
  type: isMysql(queryRunner) ? 'longblob' : 'blob',
  isNullable: nullable,
});

/** Rows that belong to a centre disappear with it. */
export const centreFk = (column = 'centreId'): TableForeignKeyOptions => ({
  columnNames: [column],
  referencedTableName: 'centre',
  referencedColumnNames: ['id'],
  onDelete: 'CASCADE',
  // Ids never change; MySQL reports NO ACTION as RESTRICT, so say RESTRICT everywhere.
  onUpdate: 'RESTRICT',
});

export const cascadeFk = (column: string, table: string, refColumn = 'id'): TableForeignKeyOptions => ({
  columnNames: [column],
  referencedTableName: table,
  referencedColumnNames: [refColumn],
  onDelete: 'CASCADE',
  // Ids never change; MySQL reports NO ACTION as RESTRICT, so say RESTRICT everywhere.
  onUpdate: 'RESTRICT',
});

/** A reference that is cleared (not cascaded) when the referenced row goes. */
export const setNullFk = (column: string, table: string, refColumn = 'id'): TableForeignKeyOptions => ({
  columnNames: [column],
  referencedTableName: table,
  referencedColumnNames: [refColumn],
  onDelete: 'SET NULL',
  onUpdate: 'RESTRICT',
});
