import type { Kysely, Migration } from 'kysely';

/**
 * Rows by the version that opened them: with the live index (which leads with
 * valid_to), a diff or a restore finds the rows that began or ended between two
 * versions by two index ranges, in time that follows the change, not the dataset.
 */
export function versionsIndex(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.createIndex('datapoints_opened').on('datapoints').columns(['dataset_seq', 'valid_from']).execute();
    },
  };
}
