import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Queryable } from './store.js';

const SLOT = '\u0000slot:';

/** Marks the statements compiled once, which PostgreSQL keeps prepared (postgres-prepared.ts). */
export const PREPARED = '/* prepared */ ';

/** Placeholders a query is built with, one per value each run fills in. */
export type Slots<S extends string> = Record<S, string>;

/**
 * A query Kysely builds and compiles once per database handle, then runs with fresh
 * values in its slots. For point reads made on every request (a dataset by id), where
 * building and compiling the query cost twice what the store takes to answer it.
 * `build` must use each slot only as a value, never as a name or to choose the shape,
 * and name the columns it selects: PostgreSQL keeps these statements prepared, and a
 * prepared `*` fails once a migration adds a column.
 */
export function compiledOnce<const S extends string, R>(
  names: readonly S[],
  build: (q: Queryable, slots: Slots<S>) => Compilable<R>,
): (q: Queryable, values: Record<S, unknown>) => Promise<R[]> {
  const compiled = new WeakMap<Kysely<Database>, { query: CompiledQuery<R>; fill: (S | null)[] }>();
  const slots = Object.fromEntries(names.map((name) => [name, `${SLOT}${name}`])) as Slots<S>;
  return async (q, values) => {
    let entry = compiled.get(q.db);
    if (!entry) {
      const built = build(q, slots).compile();
      const query = { ...built, sql: PREPARED + built.sql };
      const fill = query.parameters.map((p) => (typeof p === 'string' && p.startsWith(SLOT) ? (p.slice(SLOT.length) as S) : null));
      compiled.set(q.db, (entry = { query, fill }));
    }
    const { query, fill } = entry;
    const parameters = query.parameters.map((p, i) => (fill[i] === null ? p : values[fill[i]]));
    return (await q.db.executeQuery<R>({ ...query, parameters })).rows;
  };
}
