import type { CreateTableBuilder } from 'kysely';
import type { DialectName } from '../store.js';

/**
 * Adds an auto-numbered integer primary key: SQLite's INTEGER PRIMARY KEY AUTOINCREMENT
 * (it must be spelled `integer` to alias the rowid), PostgreSQL's bigint identity.
 */
export function withIdentity<T extends string>(dialect: DialectName, table: CreateTableBuilder<T, never>, column: string) {
  return dialect === 'sqlite'
    ? table.addColumn(column, 'integer', (c) => c.primaryKey().autoIncrement())
    : table.addColumn(column, 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());
}

/** The integer type of a column referring to an identity. */
export const identityType = (dialect: DialectName) => (dialect === 'sqlite' ? 'integer' : 'bigint');
