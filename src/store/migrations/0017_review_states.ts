import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../store.js';
import { withIdentity } from './columns.js';

/**
 * Review decisions, one row each (a later one supersedes, none is rewritten: the rows are
 * the review history). A decision holds for the content it was made on, so it is keyed
 * by the datapoint and the version that wrote that content; listings filter through it.
 */
export function reviewStates(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await withIdentity(dialect, db.schema.createTable('review_states'), 'seq')
        .addColumn('dataset_seq', 'bigint', (c) => c.notNull())
        .addColumn('datapoint_seq', 'bigint', (c) => c.notNull())
        .addColumn('datapoint_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('content_version', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('review_states_content')
        .on('review_states')
        .columns(['dataset_seq', 'datapoint_seq', 'content_version', 'seq'])
        .execute();
      await db.schema.createIndex('review_states_state').on('review_states').columns(['dataset_seq', 'state']).execute();
    },
  };
}
