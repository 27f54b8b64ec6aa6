import type { Kysely, Migration } from 'kysely';

/**
 * Idempotent responses that carried a secret (a new API key, a token) are recorded as
 * done without their body: the secret is never stored, and a replay is refused.
 */
export function withheldReplays(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('idempotency_keys')
        .addColumn('withheld', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
