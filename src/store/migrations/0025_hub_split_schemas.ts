import { sql, type Kysely, type Migration } from 'kysely';
import { withIdentity } from './columns.js';
import type { DialectName } from '../store.js';
import { LIVE } from '../datapoint-rows.js';

/**
 * The columns a split was pushed with through the Hub surface (its Parquet schema and
 * key-value metadata, as JSON text), so each version renders the split as it was pushed.
 * Copy-on-write like datapoints and files: a row is the split's schema in versions
 * [valid_from, valid_to).
 */
export function hubSplitSchemas(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await withIdentity(dialect, db.schema.createTable('hub_split_schemas'), 'row_id')
        .addColumn('dataset_seq', 'bigint', (c) => c.notNull())
        .addColumn('split', 'text', (c) => c.notNull())
        .addColumn('schema', 'text', (c) => c.notNull())
        .addColumn('valid_from', 'integer', (c) => c.notNull())
        .addColumn('valid_to', 'integer', (c) => c.notNull())
        .execute();
      // A render reads a version's schemas; restores find rows by when they began or ended.
      await db.schema
        .createIndex('hub_split_schemas_split')
        .on('hub_split_schemas')
        .columns(['dataset_seq', 'split', 'valid_from'])
        .execute();
      // At most one live schema per split; a commit closes a split's row before writing its next.
      await db.schema
        .createIndex('hub_split_schemas_live')
        .on('hub_split_schemas')
        .columns(['dataset_seq', 'split'])
        .unique()
        .where(sql.ref('valid_to'), '=', sql.lit(LIVE))
        .execute();
    },
  };
}
