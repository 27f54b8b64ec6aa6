import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Datapoints gain an external id (the client's own key, what imports upsert on) and
 * splits (train, test, …). An external id is unique among a dataset's live datapoints:
 * the partial index enforces it and serves the lookups of an upsert.
 */
export function externalIdsAndSplits(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('datapoints').addColumn('external_id', 'text').execute();
      await db.schema
        .alterTable('datapoints')
        .addColumn('splits', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      await db.schema
        .createIndex('datapoints_live_external_id')
        .on('datapoints')
        .columns(['dataset_seq', 'external_id'])
        .unique()
        .where(sql.ref('valid_to'), '=', 2_147_483_647)
        .where(sql.ref('external_id'), 'is not', null)
        .execute();
    },
  };
}
