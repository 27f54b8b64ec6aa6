import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../store.js';
import { identityType, withIdentity } from './columns.js';

/**
 * Telemetry: containers of inference events that datasets are cut from, the cut's
 * record on the dataset, and shared rate-limit windows. Event attributes are jsonb on
 * PostgreSQL, where filters look inside them.
 */
export function telemetry(dialect: DialectName): Migration {
  const identity = identityType(dialect);
  return {
    async up(db: Kysely<any>) {
      await withIdentity(dialect, db.schema.createTable('containers'), 'seq')
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('containers_project_label', ['project_id', 'label'])
        .execute();

      await withIdentity(dialect, db.schema.createTable('events'), 'seq')
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('container_seq', identity, (c) => c.notNull())
        .addColumn('model_name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('input', 'text', (c) => c.notNull())
        .addColumn('output', 'text', (c) => c.notNull())
        .addColumn('latency_ms', 'double precision')
        .addColumn('input_tokens', 'bigint')
        .addColumn('output_tokens', 'bigint')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('attributes', dialect === 'sqlite' ? 'text' : 'jsonb', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_container_created').on('events').columns(['container_seq', 'created_at', 'seq']).execute();

      await db.schema.alterTable('datasets').addColumn('container_id', 'text').execute();
      await db.schema.alterTable('datasets').addColumn('filters', 'text').execute();
      await db.schema.alterTable('datasets').addColumn('requested_size', 'integer').execute();
      await db.schema.alterTable('datasets').addColumn('cut_size', 'integer').execute();

      await db.schema
        .createTable('rate_limits')
        .addColumn('bucket', 'text', (c) => c.notNull())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('rate_limits_pk', ['bucket', 'window_start'])
        .execute();
    },
  };
}
