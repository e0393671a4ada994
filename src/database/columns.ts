import { Column, type ColumnOptions } from 'typeorm';

/**
 * A value sealed by the crypto service. Declared as `blob` (valid on SQLite and MySQL); the
 * migrations create it as LONGBLOB on MySQL so long texts fit.
 */
export function SealedColumn(options: Omit<ColumnOptions, 'type'> = {}): PropertyDecorator {
  return Column({ type: 'blob', ...options });
}

/** Datetimes are stored in UTC; the app sets them, so no database defaults are needed. */
export function DateColumn(options: Omit<ColumnOptions, 'type'> = {}): PropertyDecorator {
  return Column({ type: 'datetime', ...options });
}

export const ID_LENGTH = 36;

export function IdColumn(options: Omit<ColumnOptions, 'type' | 'length'> = {}): PropertyDecorator {
  return Column({ type: 'varchar', length: ID_LENGTH, ...options });
}
