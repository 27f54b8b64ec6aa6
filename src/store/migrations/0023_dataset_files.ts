import { sql, type Kysely, type Migration } from 'kysely';
import { withIdentity } from './columns.js';
import type { DialectName } from '../store.js';
import { LIVE } from '../datapoint-rows.js';

/**
 * A version's file tree: path -> attachment (its SHA-256, size and media type, as the
 * project's attachment record has them), copy-on-write like datapoints: a row is the
 * file in versions [valid_from, valid_to). Paths sort bytewise on both stores (`C`
 * collation), so keyset pages and prefix ranges agree. A version's record counts its files.
 */
export function datasetFiles(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await withIdentity(dialect, db.schema.createTable('dataset_files'), 'row_id')
        .addColumn('dataset_seq', 'bigint', (c) => c.notNull())
        .addColumn('path', dialect === 'postgres' ? sql`text collate "C"` : 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('mime_type', 'text', (c) => c.notNull())
        .addColumn('valid_from', 'integer', (c) => c.notNull())
        .addColumn('valid_to', 'integer', (c) => c.notNull())
        .execute();
      // Pages at a version walk paths in order; commits and diffs find rows by when they began or ended.
      await db.schema.createIndex('dataset_files_path').on('dataset_files').columns(['dataset_seq', 'path', 'valid_from']).execute();
      await db.schema.createIndex('dataset_files_live').on('dataset_files').columns(['dataset_seq', 'valid_to', 'path']).execute();
      await db.schema.createIndex('dataset_files_opened').on('dataset_files').columns(['dataset_seq', 'valid_from']).execute();
      // At most one live file per path; commits close a path's row before writing its next.
      await db.schema
        .createIndex('dataset_files_live_path')
        .on('dataset_files')
        .columns(['dataset_seq', 'path'])
        .unique()
        .where(sql.ref('valid_to'), '=', sql.lit(LIVE))
        .execute();
      // The collector asks whether any tree names a blob.
      await db.schema.createIndex('dataset_files_sha256').on('dataset_files').columns(['sha256']).execute();
      for (const column of ['file_count', 'files_added', 'files_updated', 'files_deleted']) {
        await db.schema
          .alterTable('dataset_versions')
          .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      }
    },
  };
}
