import type { Queryable } from './store.js';

/** Counts one request in a bucket's window and returns the count so far; shared by every instance on the store. */
export async function countHit(q: Queryable, bucket: string, windowStart: number): Promise<number> {
  const row = await q.db
    .insertInto('rate_limits')
    .values({ bucket, window_start: windowStart, count: 1 })
    .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })))
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function deleteWindowsBefore(q: Queryable, windowStart: number): Promise<void> {
  await q.db.deleteFrom('rate_limits').where('window_start', '<', windowStart).execute();
}
