import type { CreateTableBuilder, Kysely, Migration } from 'kysely';
import { withIdentity } from './columns.js';
import type { DialectName } from '../store.js';

/** Users and memberships, shares, dataset types, metrics, runs and evaluations. */
export function evaluations(dialect: DialectName): Migration {
  const seq = <T extends string>(table: CreateTableBuilder<T, never>) => withIdentity(dialect, table, 'seq');
  return {
    async up(db: Kysely<any>) {
      await seq(db.schema.createTable('users'))
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('namespace_members')
        .addColumn('namespace_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('namespace_members_pk', ['namespace_id', 'user_id'])
        .execute();
      await db.schema.createIndex('namespace_members_user').on('namespace_members').columns(['user_id']).execute();
      await db.schema.alterTable('api_keys').addColumn('user_id', 'text').execute();

      for (const column of ['owner_user_id', 'selected_metrics', 'structure', 'column_mappings']) {
        await db.schema.alterTable('datasets').addColumn(column, 'text').execute();
      }
      await db.schema
        .createTable('dataset_shares')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('dataset_id', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('namespace_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('dataset_shares_target', ['dataset_id', 'target'])
        .execute();
      await db.schema.createIndex('dataset_shares_user').on('dataset_shares').columns(['user_id']).execute();
      await db.schema.createIndex('dataset_shares_namespace').on('dataset_shares').columns(['namespace_id']).execute();

      await seq(db.schema.createTable('dataset_types'))
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('proprietary', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db
        .insertInto('dataset_types')
        .values({ name: 'CUSTOM', label: 'Custom', description: null, proprietary: 0, created_at: new Date(0).toISOString() })
        .execute();

      await seq(db.schema.createTable('metrics'))
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('metrics_project_name', ['project_id', 'name'])
        .execute();

      await seq(db.schema.createTable('runs'))
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('dataset_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('api_key_id', 'text', (c) => c.notNull())
        .addColumn('run_type', 'text', (c) => c.notNull())
        .addColumn('run_source', 'text', (c) => c.notNull())
        .addColumn('model_slug', 'text')
        .addColumn('alias', 'text')
        .addColumn('threshold', 'double precision', (c) => c.notNull())
        .addColumn('result', 'double precision')
        .addColumn('aggregate_results', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text')
        .execute();
      await db.schema.createIndex('runs_dataset').on('runs').columns(['dataset_id', 'seq']).execute();

      await seq(db.schema.createTable('evaluations'))
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('record_seq', 'bigint', (c) => c.notNull())
        .addColumn('metric_id', 'text', (c) => c.notNull())
        .addColumn('result', 'double precision')
        .addColumn('threshold', 'double precision', (c) => c.notNull())
        .addColumn('explanation', 'text')
        .addColumn('model_slug', 'text')
        .addColumn('input_tokens', 'bigint')
        .addColumn('output_tokens', 'bigint')
        .addColumn('evaluation_cost', 'text')
        .addColumn('is_success', 'integer')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('evaluations_run').on('evaluations').columns(['run_id', 'seq']).execute();
    },
  };
}
