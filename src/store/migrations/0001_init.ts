import { sql, type Kysely, type Migration } from 'kysely';
import { withIdentity } from './columns.js';
import type { DialectName } from '../store.js';

/** The foundation: tenancy, keys, datasets with copy-on-write versions, collections, idempotency. */
export function init(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('namespaces')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('projects')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('namespace_id', 'text', (c) => c.notNull().references('namespaces.id'))
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('projects_namespace_slug', ['namespace_id', 'slug'])
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.references('projects.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('api_keys_project').on('api_keys').columns(['project_id', 'created_at']).execute();

      await withIdentity(dialect, db.schema.createTable('datasets'), 'seq')
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('name', dialect === 'postgres' ? sql`text collate "C"` : 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('head_version', 'integer', (c) => c.notNull())
        .addColumn('datapoint_count', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .execute();
      // Names are unique among live datasets only, so a soft-deleted name is free again.
      await db.schema
        .createIndex('datasets_live_name')
        .on('datasets')
        .columns(['project_id', 'name'])
        .unique()
        .where(sql.ref('deleted_at'), 'is', null)
        .execute();
      await db.schema.createIndex('datasets_project_created').on('datasets').columns(['project_id', 'created_at', 'seq']).execute();
      await db.schema.createIndex('datasets_project_updated').on('datasets').columns(['project_id', 'updated_at', 'seq']).execute();

      await db.schema
        .createTable('dataset_versions')
        .addColumn('dataset_seq', 'bigint', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('message', 'text')
        .addColumn('datapoint_count', 'integer', (c) => c.notNull())
        .addColumn('added', 'integer', (c) => c.notNull())
        .addColumn('updated', 'integer', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('dataset_versions_pk', ['dataset_seq', 'version'])
        .execute();

      await withIdentity(dialect, db.schema.createTable('datapoints'), 'row_id')
        .addColumn('dataset_seq', 'bigint', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('valid_from', 'integer', (c) => c.notNull())
        .addColumn('valid_to', 'integer', (c) => c.notNull())
        .addColumn('ord', 'bigint', (c) => c.notNull())
        .addColumn('input', 'text', (c) => c.notNull())
        .addColumn('expected_output', 'text', (c) => c.notNull())
        .addColumn('output', 'text', (c) => c.notNull())
        .addColumn('context', 'text', (c) => c.notNull())
        .addColumn('prompt', 'text')
        .addColumn('persona', 'text')
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('source', 'text')
        .addColumn('agent', 'text')
        .addColumn('generator_model', 'text')
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // Commits find live rows through the first; pages walk the second in order and test the span from the index.
      await db.schema.createIndex('datapoints_live').on('datapoints').columns(['dataset_seq', 'valid_to', 'ord']).execute();
      await db.schema
        .createIndex('datapoints_order')
        .on('datapoints')
        .columns(['dataset_seq', 'ord', 'seq', 'valid_from', 'valid_to'])
        .execute();
      await db.schema.createIndex('datapoints_id').on('datapoints').columns(['dataset_seq', 'id']).execute();
      await db.schema.createIndex('datapoints_seq').on('datapoints').columns(['seq']).execute();

      await withIdentity(dialect, db.schema.createTable('collections'), 'seq')
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('dataset_id', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('collections_project').on('collections').columns(['project_id', 'seq']).execute();
      await db.schema.createIndex('collections_dataset').on('collections').columns(['dataset_id']).execute();

      await db.schema
        .createTable('collection_members')
        .addColumn('collection_id', 'text', (c) => c.notNull())
        .addColumn('member', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('collection_members_pk', ['collection_id', 'member'])
        .execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('status', 'integer')
        .addColumn('content_type', 'text')
        .addColumn('body', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
        .execute();
      await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();

      await db.schema
        .createTable('counters')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();
      await db.insertInto('counters').values({ name: 'datapoint_seq', value: 0 }).execute();
      if (dialect === 'postgres') await sql`create sequence datapoint_seq`.execute(db);
    },
  };
}
