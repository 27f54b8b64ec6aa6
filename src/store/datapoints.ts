import { sql } from 'kysely';
import type { DatapointRecord } from '../model/datapoints.js';
import { toRecord, visibleAt } from './datapoint-rows.js';
import type { Queryable } from './store.js';
import { EVERY, kept, narrowed, type Listing } from './datapoint-filters.js';

/** A position in datapoint order: (order, seq). */
export type DatapointKey = [number, number];

/** One keyset page in datapoint order (order, then seq). Never an OFFSET scan. */
export async function pageDatapoints(
  q: Queryable,
  datasetSeq: number,
  version: number,
  listing: Listing,
  after: DatapointKey | null,
  limit: number,
): Promise<DatapointRecord[]> {
  let query = kept(q, q.db.selectFrom('datapoints').selectAll('datapoints'), datasetSeq, version, listing);
  if (after) query = query.where((eb) => eb(eb.refTuple('datapoints.ord', 'datapoints.seq'), '>', eb.tuple(after[0], after[1])));
  // `ord + 0` is no index column: the planner then reads the few narrowed rows and sorts them.
  const order = listing.selective ? sql`datapoints.ord + 0` : sql.ref('datapoints.ord');
  const rows = await query.orderBy(order).orderBy('datapoints.seq').limit(limit).execute();
  return rows.map(toRecord);
}

/** A position in relevance order: (score, seq), the best score first. */
export type RankedKey = [number, number];

/** One keyset page of a text search, most relevant first (then seq), with each row's score. */
export async function pageRanked(
  q: Queryable,
  datasetSeq: number,
  version: number,
  listing: Listing & { search: NonNullable<Listing['search']> },
  after: RankedKey | null,
  limit: number,
): Promise<(DatapointRecord & { score: number })[]> {
  const { search } = q.dialect;
  const rows = q.db
    .selectFrom('datapoints')
    .selectAll('datapoints')
    .select(search.score(listing.search).as('score'))
    .where(sql<boolean>`datapoints.row_id in (${search.matchingRows(datasetSeq, listing.search)})`);
  // The matches are few (see rankable): read them by row id, never the dataset's order index.
  const matched = narrowed(q, rows, datasetSeq, version, { ...listing, selective: true });
  let query = q.db.selectFrom(matched.as('r')).selectAll();
  if (after) query = query.where((eb) => eb(eb.refTuple('r.score', 'r.seq'), '>', eb.tuple(after[0], after[1])));
  const page = await query.orderBy('r.score').orderBy('r.seq').limit(limit).execute();
  return page.map((r) => ({ ...toRecord(r), score: Number(r.score) }));
}

export async function findDatapoint(q: Queryable, datasetSeq: number, version: number, id: string): Promise<DatapointRecord | undefined> {
  const row = await kept(q, q.db.selectFrom('datapoints').selectAll('datapoints'), datasetSeq, version, EVERY)
    .where('datapoints.id', '=', id)
    .executeTakeFirst();
  return row && toRecord(row);
}

/** One span of a datapoint's history: its content from `record.version` until `until` (exclusive; null while live). */
export interface DatapointSpan {
  record: DatapointRecord;
  until: number | null;
}

/**
 * A datapoint's rows up to the dataset's head, newest span first, keyset before the
 * version `before`. What a version still being written (an import) did is not shown.
 */
export async function datapointHistory(
  q: Queryable,
  dataset: { seq: number; head_version: number },
  id: string,
  before: number | null,
  limit: number,
): Promise<DatapointSpan[]> {
  let query = q.db
    .selectFrom('datapoints')
    .selectAll()
    .where('dataset_seq', '=', dataset.seq)
    .where('id', '=', id)
    .where('valid_from', '<=', dataset.head_version);
  if (before !== null) query = query.where('valid_from', '<', before);
  const rows = await query.orderBy('valid_from', 'desc').limit(limit).execute();
  return rows.map((row) => ({ record: toRecord(row), until: row.valid_to > dataset.head_version ? null : row.valid_to }));
}

/**
 * Sequence numbers of datapoints whose rows began or ended within (from, to]: the only
 * ones that can differ between the two versions. Ascending, keyset after `afterSeq`.
 */
export async function touchedBetween(
  q: Queryable,
  datasetSeq: number,
  from: number,
  to: number,
  afterSeq: number,
  limit: number,
): Promise<number[]> {
  // Two ranges, each on its own index (opened: dataset_seq, valid_from; live: dataset_seq,
  // valid_to), rather than one OR that planners answer by reading the whole dataset.
  const between = (column: 'valid_from' | 'valid_to') =>
    q.db
      .selectFrom('datapoints')
      .select('seq')
      .where('dataset_seq', '=', datasetSeq)
      .where(column, '>', from)
      .where(column, '<=', to)
      .where('seq', '>', afterSeq);
  const [opened, closed] = [between('valid_from'), between('valid_to')];
  const rows = await q.db.selectFrom(opened.union(closed).as('touched')).select('seq').orderBy('seq').limit(limit).execute();
  return rows.map((r) => r.seq);
}

/** The rows of these datapoints at `version`; with a listing, only those it keeps (its sample aside). */
export async function atVersion(
  q: Queryable,
  datasetSeq: number,
  version: number,
  seqs: number[],
  listing?: Listing,
): Promise<DatapointRecord[]> {
  if (seqs.length === 0) return [];
  // By the seq index: with the dataset as an index term, SQLite (no statistics) walks the whole dataset instead.
  let query = q.db
    .selectFrom('datapoints')
    .selectAll()
    .where('seq', 'in', seqs)
    .where(sql<boolean>`+dataset_seq = ${datasetSeq}`)
    .where(visibleAt(version));
  for (const p of listing?.predicates ?? []) query = query.where(p);
  if (listing?.search) query = query.where(q.dialect.search.matches(listing.search));
  return (await query.execute()).map(toRecord);
}

/**
 * How many datapoints of a version are in each split. It reads every datapoint of the
 * version (a split is a value inside a JSON array, which no index covers).
 */
export async function countSplits(q: Queryable, datasetSeq: number, version: number): Promise<{ split: string; count: number }[]> {
  const { rows } = await sql<{ split: string; count: number | string }>`
    select e.value as split, count(*) as count
    from datapoints d cross join ${q.dialect.arrayElements('d', 'splits')}
    where d.dataset_seq = ${datasetSeq} and ${visibleAt(version, 'd')}
    group by e.value order by e.value`.execute(q.db);
  return rows.map((r) => ({ split: r.split, count: Number(r.count) }));
}
