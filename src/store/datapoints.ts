import { sql, type SelectQueryBuilder } from 'kysely';
import type { DatapointRecord } from '../model/datapoints.js';
import { toRecord, type DatapointRow } from './datapoint-rows.js';
import type { Database } from './schema.js';
import type { Queryable } from './store.js';
import type { Filter } from '../model/telemetry.js';
import { compileFilter, type FilterColumns } from './filters.js';

export interface DatapointFilter {
  source?: string;
  tag?: string;
  persona?: string;
  split?: string;
  /** Checked filters in the telemetry filter language, all of which must hold. */
  filters?: Filter[];
}

/** Where each field a datapoint filter may name lives in `datapoints`. */
const FILTER_COLUMNS: FilterColumns = {
  id: 'datapoints.id',
  external_id: 'datapoints.external_id',
  source: 'datapoints.source',
  persona: 'datapoints.persona',
  prompt: 'datapoints.prompt',
  generator_model: 'datapoints.generator_model',
  order: 'datapoints.ord',
  created_at: 'datapoints.created_at',
  updated_at: 'datapoints.updated_at',
  input: 'datapoints.input',
  expected_output: 'datapoints.expected_output',
  output: 'datapoints.output',
  context: 'datapoints.context',
  metadata: 'datapoints.metadata',
};

/** A position in datapoint order: (order, seq). */
export type DatapointKey = [number, number];

/**
 * The rows visible at `version`. Written as the span test even for the head, so a
 * commit landing between two pages cannot change what a pinned version shows. The
 * unary plus keeps planners off the live-rows index for this range test: walking the
 * order index and filtering returns a first page without sorting the whole dataset.
 */
function visibleRows(q: Queryable, datasetSeq: number, version: number): SelectQueryBuilder<Database, 'datapoints', DatapointRow> {
  return q.db
    .selectFrom('datapoints')
    .selectAll()
    .where('dataset_seq', '=', datasetSeq)
    .where(sql<boolean>`+valid_from <= ${version}`)
    .where(sql<boolean>`+valid_to > ${version}`);
}

/** One keyset page in datapoint order (order, then seq). Never an OFFSET scan. */
export async function pageDatapoints(
  q: Queryable,
  datasetSeq: number,
  version: number,
  filter: DatapointFilter,
  after: DatapointKey | null,
  limit: number,
): Promise<DatapointRecord[]> {
  let query = visibleRows(q, datasetSeq, version);
  if (filter.source !== undefined) query = query.where('source', '=', filter.source);
  if (filter.persona !== undefined) query = query.where('persona', '=', filter.persona);
  if (filter.tag !== undefined) query = query.where(q.dialect.jsonArrayContains('tags', filter.tag));
  if (filter.split !== undefined) query = query.where(q.dialect.jsonArrayContains('splits', filter.split));
  for (const f of filter.filters ?? []) query = query.where(compileFilter(q.dialect, FILTER_COLUMNS, f));
  if (after) query = query.where((eb) => eb(eb.refTuple('ord', 'seq'), '>', eb.tuple(after[0], after[1])));
  const rows = await query.orderBy('ord').orderBy('seq').limit(limit).execute();
  return rows.map(toRecord);
}

export async function findDatapoint(q: Queryable, datasetSeq: number, version: number, id: string): Promise<DatapointRecord | undefined> {
  const row = await visibleRows(q, datasetSeq, version).where('id', '=', id).executeTakeFirst();
  return row && toRecord(row);
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

export async function atVersion(q: Queryable, datasetSeq: number, version: number, seqs: number[]): Promise<DatapointRecord[]> {
  if (seqs.length === 0) return [];
  // By the seq index: with the dataset as an index term, SQLite (no statistics) walks the whole dataset instead.
  const rows = await q.db
    .selectFrom('datapoints')
    .selectAll()
    .where('seq', 'in', seqs)
    .where(sql<boolean>`+dataset_seq = ${datasetSeq}`)
    .where(sql<boolean>`+valid_from <= ${version}`)
    .where(sql<boolean>`+valid_to > ${version}`)
    .execute();
  return rows.map(toRecord);
}

/**
 * How many datapoints of a version are in each split. It reads every datapoint of the
 * version (a split is a value inside a JSON array, which no index covers).
 */
export async function countSplits(q: Queryable, datasetSeq: number, version: number): Promise<{ split: string; count: number }[]> {
  const elements =
    q.dialect.name === 'sqlite' ? sql`json_each(d.splits) as e` : sql`lateral jsonb_array_elements_text(d.splits::jsonb) as e(value)`;
  const { rows } = await sql<{ split: string; count: number | string }>`
    select e.value as split, count(*) as count
    from datapoints d cross join ${elements}
    where d.dataset_seq = ${datasetSeq} and +d.valid_from <= ${version} and +d.valid_to > ${version}
    group by e.value order by e.value`.execute(q.db);
  return rows.map((r) => ({ split: r.split, count: Number(r.count) }));
}
