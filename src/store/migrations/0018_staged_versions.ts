import type { Kysely, Migration } from 'kysely';

/**
 * A version being written in many short transactions (an import) is staged: the
 * dataset's row names the version it will be, who is writing it, and when that writer
 * last showed it was alive. Its rows are in the table already, opening at that version
 * (invisible: it is past the head) and closing at it the rows it replaces (still visible
 * at the head); publishing moves the head on to it in one small transaction.
 */
export function stagedVersions(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('datasets').addColumn('staged_version', 'integer').execute();
      await db.schema.alterTable('datasets').addColumn('staged_by', 'text').execute();
      await db.schema.alterTable('datasets').addColumn('staged_at', 'text').execute();
    },
  };
}
