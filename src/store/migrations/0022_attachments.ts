import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../store.js';

/**
 * Attachments: which project uploaded which blob (by its SHA-256), as what media type
 * and file name. The bytes live in the blob backend, once however many projects upload
 * them; a project knows a blob only through its own row here. A datapoint names the
 * attachments it holds (`{name: attachment id}`, JSON text). `used_at` is when a commit
 * last named the attachment: the collector leaves it alone for a grace period after.
 * A multipart upload in progress is a row of `attachment_uploads`; its parts wait in the
 * blob backend.
 */
export function attachments(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('attachments')
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('mime_type', 'text', (c) => c.notNull())
        .addColumn('filename', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addPrimaryKeyConstraint('attachments_pkey', ['project_id', 'sha256'])
        .execute();
      await db.schema
        .createTable('attachment_uploads')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('mime_type', 'text', (c) => c.notNull())
        .addColumn('filename', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('attachments_sha256').on('attachments').columns(['sha256']).execute();
      await db.schema
        .alterTable('datapoints')
        .addColumn('attachments', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
    },
  };
}
