import type { Kysely, Migration } from 'kysely';

/**
 * Kept renders move into the blob store: the table keeps what a render is (its path,
 * SHA-256, git oid, size) and the bytes are the blob of that SHA-256, read in ranges as
 * a stream. In a `bytea` column a shard past ~256 MB could not be read back at all (the
 * driver reads it as hex text longer than Node allows), and every read held it whole.
 * Renders already kept are dropped: rendering is deterministic, so the next request makes
 * the same bytes again.
 */
export function hubRenderBlobs(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.dropTable('hub_renders').execute();
      await db.schema
        .createTable('hub_renders')
        .addColumn('dataset_seq', 'bigint', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('git_oid', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('hub_renders_pk', ['dataset_seq', 'version', 'path'])
        .execute();
      // The attachment collector asks whether a render holds a blob.
      await db.schema.createIndex('hub_renders_sha256').on('hub_renders').column('sha256').execute();
    },
  };
}
