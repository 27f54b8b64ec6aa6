import type { Queryable, RateCounters } from './store.js';

/** Counters in process memory: the embedded store serves one process, so nothing else needs them. */
export function memoryCounters(): RateCounters {
  const windows = new Map<string, { start: number; count: number }>();
  const current = (bucket: string, start: number) => {
    const entry = windows.get(bucket);
    return entry && entry.start === start ? entry.count : 0;
  };
  return {
    hit: async (bucket, start) => {
      const count = current(bucket, start) + 1;
      windows.set(bucket, { start, count });
      return count;
    },
    peek: async (bucket, start) => current(bucket, start),
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
    peek: async (bucket, start) => {
      const row = await q.db
        .selectFrom('rate_limits')
        .select('count')
        .where('bucket', '=', bucket)
        .where('window_start', '=', start)
        .executeTakeFirst();
      return row ? Number(row.count) : 0;
    },
    sweep: async (before) => {
      await q.db.deleteFrom('rate_limits').where('window_start', '<', before).execute();
    },
  };
}
