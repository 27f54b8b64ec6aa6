import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../store.js';
import { withIdentity } from './columns.js';

/** Jobs, their links to datasets (with a direction), and a Hugging Face style path on datasets. */
export function jobsAndPaths(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('datasets').addColumn('path', 'text').execute();
      await db.schema.createIndex('datasets_project_path').on('datasets').columns(['project_id', 'path', 'seq']).execute();
      // Lets counts by type (artifact listings' total_count) read the index alone.
      await db.schema.createIndex('datasets_project_type').on('datasets').columns(['project_id', 'type', 'deleted_at']).execute();

      await withIdentity(dialect, db.schema.createTable('jobs'), 'seq')
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('jobs_project').on('jobs').columns(['project_id', 'seq']).execute();

      await db.schema
        .createTable('job_datasets')
        .addColumn('job_id', 'text', (c) => c.notNull())
        .addColumn('dataset_id', 'text', (c) => c.notNull())
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('job_datasets_pk', ['job_id', 'dataset_id', 'direction'])
        .execute();
      await db.schema.createIndex('job_datasets_dataset').on('job_datasets').columns(['dataset_id', 'job_id']).execute();
    },
  };
}
