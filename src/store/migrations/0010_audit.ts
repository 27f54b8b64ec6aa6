import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../store.js';
import { withIdentity } from './columns.js';

/**
 * Who did what: each version remembers the key (and user) that committed it, and a
 * project's audit log keeps its changes to datasets, tags, shares and keys, in order.
 */
export function audit(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('dataset_versions').addColumn('key_id', 'text').execute();
      await db.schema.alterTable('dataset_versions').addColumn('user_id', 'text').execute();
      await withIdentity(dialect, db.schema.createTable('audit_log'), 'seq')
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('dataset_id', 'text')
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_project').on('audit_log').columns(['project_id', 'seq']).execute();
    },
  };
}
