import type { Kysely, Migration } from 'kysely';

/** A dataset may carry JSON Schemas for its datapoints' input, expected_output and metadata (JSON text). */
export function itemSchemas(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('datasets').addColumn('item_schemas', 'text').execute();
    },
  };
}
