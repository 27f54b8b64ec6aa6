import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Runs are pinned to the dataset version they ran on (runs made before are pinned to
 * their dataset's head when this ran: the best guess left), and keep one item per
 * datapoint: the output, its cost and provenance. Evaluations are looked up by run,
 * metric and datapoint for aggregates and comparisons.
 */
export function runItems(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('runs').addColumn('dataset_version', 'integer').execute();
      await sql`update runs set dataset_version = (select head_version from datasets where datasets.id = runs.dataset_id)`.execute(db);
      await db.schema
        .createTable('run_items')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('datapoint_seq', 'bigint', (c) => c.notNull())
        .addColumn('datapoint_id', 'text', (c) => c.notNull())
        .addColumn('output', 'text', (c) => c.notNull())
        .addColumn('latency_ms', 'double precision')
        .addColumn('input_tokens', 'bigint')
        .addColumn('output_tokens', 'bigint')
        .addColumn('cost', 'double precision')
        .addColumn('error', 'text')
        .addColumn('trace_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('run_items_key', ['run_id', 'datapoint_seq'])
        .execute();
      await db.schema.createIndex('evaluations_run_metric').on('evaluations').columns(['run_id', 'metric_id', 'record_seq']).execute();
    },
  };
}
