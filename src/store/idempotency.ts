import type { Queryable } from './store.js';
import type { IdempotencyKeyTable } from './schema.js';

export type IdempotencyRow = Omit<IdempotencyKeyTable, 'withheld'> & { withheld: number };

/** Claims a key for a new request; false when a row for it already exists. */
export async function claimKey(q: Queryable, row: Pick<IdempotencyRow, 'scope' | 'key' | 'fingerprint' | 'created_at'>): Promise<boolean> {
  const result = await q.db
    .insertInto('idempotency_keys')
    .values({ ...row, status: null, content_type: null, body: null })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export function findKey(q: Queryable, scope: string, key: string): Promise<IdempotencyRow | undefined> {
  return q.db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
}

/** Records the response of a claimed key; a null body means it carried a secret and is withheld. */
export async function storeResponse(
  q: Queryable,
  scope: string,
  key: string,
  status: number,
  contentType: string,
  body: string | null,
): Promise<void> {
  await q.db
    .updateTable('idempotency_keys')
    .set({ status, content_type: contentType, body, withheld: body === null ? 1 : 0 })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .execute();
}

export async function releaseKey(q: Queryable, scope: string, key: string): Promise<void> {
  await q.db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).execute();
}

export async function deleteKeysBefore(q: Queryable, before: string): Promise<void> {
  await q.db.deleteFrom('idempotency_keys').where('created_at', '<', before).execute();
}
