import type { Filter } from '../domain/filters.js';
import type { Queryable } from './store.js';
import type { ContainerTable, EventTable } from './schema.js';
import { compileFilter } from './filters.js';

export type ContainerRow = Omit<ContainerTable, 'seq'> & { seq: number };
export type EventInsert = Omit<EventTable, 'seq'>;
export type EventRow = EventInsert & { seq: number };

export function insertContainer(q: Queryable, row: Omit<ContainerTable, 'seq'>): Promise<ContainerRow> {
  return q.db.insertInto('containers').values(row).returningAll().executeTakeFirstOrThrow();
}

/** A container of the project by id or, failing that, by label. */
export function findContainer(q: Queryable, projectId: string, idOrLabel: string): Promise<ContainerRow | undefined> {
  return q.db
    .selectFrom('containers')
    .selectAll()
    .where('project_id', '=', projectId)
    .where((eb) => eb.or([eb('id', '=', idOrLabel), eb('label', '=', idOrLabel)]))
    .orderBy((eb) => eb.case().when('id', '=', idOrLabel).then(0).else(1).end())
    .executeTakeFirst();
}

export function listContainers(q: Queryable, projectId: string, afterSeq: number | null, limit: number): Promise<ContainerRow[]> {
  let query = q.db.selectFrom('containers').selectAll().where('project_id', '=', projectId).orderBy('seq').limit(limit);
  if (afterSeq !== null) query = query.where('seq', '>', afterSeq);
  return query.execute();
}

/** Inserts events in multi-row statements, inside the caller's transaction. */
export async function insertEvents(q: Queryable, rows: EventInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await q.db.insertInto('events').values(rows.slice(i, i + 500)).execute();
}

/** Matching events of a container, newest first (created_at, then arrival), keyset after `after`. Call it in a transaction. */
export async function matchingEvents(
  q: Queryable,
  containerSeq: number,
  filters: Filter[],
  after: [string, number] | null,
  limit: number,
): Promise<EventRow[]> {
  await q.dialect.preferIndexOrder(q);
  let query = q.db.selectFrom('events').selectAll().where('container_seq', '=', containerSeq);
  for (const filter of filters) query = query.where(compileFilter(q.dialect, filter));
  if (after) query = query.where((eb) => eb(eb.refTuple('created_at', 'seq'), '<', eb.tuple(after[0], after[1])));
  const rows = await query.orderBy('created_at', 'desc').orderBy('seq', 'desc').limit(limit).execute();
  // jsonb comes back parsed from PostgreSQL; keep attributes as JSON text everywhere.
  return rows.map((r) => ({ ...r, attributes: typeof r.attributes === 'string' ? r.attributes : JSON.stringify(r.attributes) }));
}
