import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../store.js';

/**
 * The files a dataset version shows as a Hugging Face Hub repository (its README and
 * one Parquet file per split), rendered the first time they are asked for and kept:
 * a version never changes, so neither do its files, their size or their ETag.
 */
export function hubRenders(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('hub_renders')
        .addColumn('dataset_seq', 'bigint', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('bytes', dialect === 'sqlite' ? 'blob' : 'bytea', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('git_oid', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('hub_renders_pk', ['dataset_seq', 'version', 'path'])
        .execute();
    },
  };
}
