import type { Container, EventRecord, Filter } from '../model/telemetry.js';
import { compileFilter, type FilterColumns } from './filters.js';
import type { Queryable } from './store.js';

export interface NewEvent extends Omit<EventRecord, 'latency_ms' | 'input_tokens' | 'output_tokens'> {
  latency_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
}

/** A container as the store holds it: with the sequence number its events refer to. */
export interface ContainerRef extends Container {
  seq: number;
}

/** Where each field a telemetry filter may name lives in `events`. */
const EVENT_COLUMNS: FilterColumns = {
  id: 'events.id',
  model_name: 'events.model_name',
  status: 'events.status',
  input: 'events.input',
  output: 'events.output',
  latency_ms: 'events.latency_ms',
  input_tokens: 'events.input_tokens',
  output_tokens: 'events.output_tokens',
  created_at: 'events.created_at',
  attributes: 'events.attributes',
};

export async function insertContainer(q: Queryable, container: Container & { project_id: string }): Promise<Container> {
  await q.db.insertInto('containers').values(container).execute();
  return { id: container.id, label: container.label, created_at: container.created_at };
}

/** A container of the project by id or, failing that, by label. */
export function findContainer(q: Queryable, projectId: string, idOrLabel: string): Promise<ContainerRef | undefined> {
  return q.db
    .selectFrom('containers')
    .select(['seq', 'id', 'label', 'created_at'])
    .where('project_id', '=', projectId)
    .where((eb) => eb.or([eb('id', '=', idOrLabel), eb('label', '=', idOrLabel)]))
    .orderBy((eb) => eb.case().when('id', '=', idOrLabel).then(0).else(1).end())
    .executeTakeFirst();
}

export function listContainers(q: Queryable, projectId: string, afterSeq: number | null, limit: number): Promise<ContainerRef[]> {
  let query = q.db
    .selectFrom('containers')
    .select(['seq', 'id', 'label', 'created_at'])
    .where('project_id', '=', projectId)
    .orderBy('seq')
    .limit(limit);
  if (afterSeq !== null) query = query.where('seq', '>', afterSeq);
  return query.execute();
}

/** Inserts events in multi-row statements, inside the caller's transaction. */
export async function insertEvents(q: Queryable, containerSeq: number, events: NewEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500) {
    await q.db
      .insertInto('events')
      .values(events.slice(i, i + 500).map((e) => ({ ...e, container_seq: containerSeq })))
      .execute();
  }
}

/** How many events of a container match, counting at most `cap` of them (a count of millions would scan them all). */
export async function countMatchingEvents(q: Queryable, containerSeq: number, filters: Filter[], cap: number): Promise<number> {
  let matching = q.db.selectFrom('events').select('seq').where('container_seq', '=', containerSeq);
  for (const filter of filters) matching = matching.where(compileFilter(q.dialect, EVENT_COLUMNS, filter));
  const row = await q.db
    .selectFrom(matching.limit(cap).as('m'))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Matching events of a container, newest first (created_at, then arrival), keyset after `after`. Call it in a transaction. */
export async function matchingEvents(
  q: Queryable,
  containerSeq: number,
  filters: Filter[],
  after: [string, number] | null,
  limit: number,
): Promise<{ seq: number; event: EventRecord }[]> {
  await q.dialect.preferIndexOrder(q);
  let query = q.db.selectFrom('events').selectAll().where('container_seq', '=', containerSeq);
  for (const filter of filters) query = query.where(compileFilter(q.dialect, EVENT_COLUMNS, filter));
  if (after) query = query.where((eb) => eb(eb.refTuple('created_at', 'seq'), '<', eb.tuple(after[0], after[1])));
  const rows = await query.orderBy('created_at', 'desc').orderBy('seq', 'desc').limit(limit).execute();
  return rows.map(({ seq, container_seq: _container, attributes, ...event }) => ({
    seq,
    // jsonb comes back parsed from PostgreSQL; keep attributes as JSON text everywhere.
    event: { ...event, attributes: typeof attributes === 'string' ? attributes : JSON.stringify(attributes) },
  }));
}
