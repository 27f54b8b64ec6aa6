import { sql, type Kysely, type Migration } from 'kysely';

/**
 * A datapoint row written by an import remembers a hash of the source row and mapping
 * that produced it, and live rows are found by it: an upsert tells a row it imported
 * before, unchanged, by its hash alone, without reading it further.
 */
export function sourceHashes(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('datapoints').addColumn('source_hash', 'text').execute();
      await db.schema
        .createIndex('datapoints_live_source_hash')
        .on('datapoints')
        .columns(['dataset_seq', 'source_hash'])
        .where(sql.ref('valid_to'), '=', 2_147_483_647)
        .where(sql.ref('source_hash'), 'is not', null)
        .execute();
    },
  };
}
