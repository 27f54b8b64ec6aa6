import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../store.js';
import { withIdentity } from './columns.js';

/**
 * Experiments: runs with a name unique in their project, a description and metadata,
 * as evaluation clients (LangSmith's `evaluate()`) make them. What those clients send
 * about an experiment's runs arrives in any order over concurrent requests, so each
 * piece waits in `experiment_pending` until what it refers to is there (a datapoint of
 * the pinned version, the item a score is for), then becomes an item or a score.
 */
export function langsmith(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('experiments')
        .addColumn('run_id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('experiments_project_name', ['project_id', 'name'])
        .execute();
      await withIdentity(dialect, db.schema.createTable('experiment_pending'), 'seq')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('experiment_pending_run').on('experiment_pending').columns(['run_id', 'seq']).execute();
      await db.schema.createIndex('run_items_trace').on('run_items').columns(['run_id', 'trace_id']).execute();
    },
  };
}
