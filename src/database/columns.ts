import { applyDecorators } from '@nestjs/common';
import { Column, type ColumnOptions, ForeignKey } from 'typeorm';

/**
 * A value sealed by the crypto service. Declared as `blob` (valid on SQLite and MySQL); the
 * migrations create it as LONGBLOB on MySQL so long texts fit.
 */
export function SealedColumn(options: Omit<ColumnOptions, 'type'> = {}): PropertyDecorator {
  return Column({ type: 'blob', ...options });
}

/**
 * Texts that may exceed 64 KiB (privacy statements). Declared as `text`; the migrations make
 * them MEDIUMTEXT on MySQL. The names are kept so the schema check knows the convention.
 */
export const LONG_TEXT_COLUMNS = new Set<string>();

export function LongTextColumn(options: Omit<ColumnOptions, 'type'> = {}): PropertyDecorator {
  return (target, property) => {
    LONG_TEXT_COLUMNS.add(`${target.constructor.name}.${String(property)}`);
    Column({ type: 'text', ...options })(target, property);
  };
}

/** Datetimes are stored in UTC; the app sets them, so no database defaults are needed. */
export function DateColumn(options: Omit<ColumnOptions, 'type'> = {}): PropertyDecorator {
  return Column({ type: 'datetime', ...options });
}

export const ID_LENGTH = 36;

export function IdColumn(options: Omit<ColumnOptions, 'type' | 'length'> = {}): PropertyDecorator {
  return Column({ type: 'varchar', length: ID_LENGTH, ...options });
}

/**
 * The owning centre of a row. The foreign key cascades, so deleting a centre deletes its rows;
 * features put this on every table that holds a centre's data.
 */
export function CentreIdColumn(options: { primary?: boolean } = {}): PropertyDecorator {
  return applyDecorators(
    Column({ type: 'varchar', length: ID_LENGTH, primary: options.primary }),
    ForeignKey('Centre', { onDelete: 'CASCADE', onUpdate: 'RESTRICT' }),
  );
}

/** A reference to another row that disappears together with it. */
export function CascadeRef(entity: string, options: { nullable?: boolean; primary?: boolean } = {}): PropertyDecorator {
  return applyDecorators(
    Column({ type: 'varchar', length: ID_LENGTH, nullable: options.nullable ?? false, primary: options.primary }),
    ForeignKey(entity, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' }),
  );
}

/** A reference that is cleared when the other row is deleted (e.g. a case's counsellor). */
export function NullableRef(entity: string): PropertyDecorator {
  return applyDecorators(
    Column({ type: 'varchar', length: ID_LENGTH, nullable: true }),
    ForeignKey(entity, { onDelete: 'SET NULL', onUpdate: 'RESTRICT' }),
  );
}
