import type { Queryable, RateCounters } from './store.js';

/** Counters in process memory: the embedded store serves one process, so nothing else needs them. */
export function memoryCounters(): RateCounters {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit: async (bucket, start) => {
      const entry = windows.get(bucket);
      const count = (entry && entry.start === start ? entry.count : 0) + 1;
      windows.set(bucket, { start, count });
      return count;
    },
    sweep: async (before) => {
      for (const [bucket, entry] of windows) if (entry.start < before) windows.delete(bucket);
    },
  };
}

/** Counters in a table, so every instance on the same PostgreSQL shares them. */
export function tableCounters(q: Queryable): RateCounters {
  return {
    hit: async (bucket, start) => {
      const row = await q.db
        .insertInto('rate_limits')
        .values({ bucket, window_start: start, count: 1 })
        .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })))
        .returning('count')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
    sweep: async (before) => {
      await q.db.deleteFrom('rate_limits').where('window_start', '<', before).execute();
    },
  };
}
