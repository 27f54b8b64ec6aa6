import { sql, type RawBuilder } from 'kysely';
import type { RunItemSort } from '../model/run-compare.js';
import type { RunItemRow } from './run-items.js';
import type { Queryable } from './store.js';

/** Which items a side-by-side listing keeps and how it orders them. */
export interface SideBySide {
  runs: string[];
  metricId?: string;
  sort: RunItemSort;
  change: 'regressed' | 'improved' | 'changed' | 'all';
  pass?: 'passed' | 'failed';
}

/** A position: (1 when the item has no sort number, the number or 0, datapoint seq). */
export type ItemKey = [number, number, number];

export interface ItemPosition {
  seq: number;
  worst: number | null;
  best: number | null;
  key: ItemKey;
}

/** The latest evaluation of each (run, datapoint, metric), as in src/store/run-items.ts. */
const isLatest = sql<boolean>`not exists (select 1 from evaluations n where n.run_id = e.run_id and n.metric_id = e.metric_id
  and n.record_seq = e.record_seq and n.seq > e.seq)`;

function latest(filter: Pick<SideBySide, 'runs' | 'metricId'>): RawBuilder<unknown> {
  const metric = filter.metricId ? sql` and e.metric_id = ${filter.metricId}` : sql``;
  return sql`select e.run_id, e.record_seq, e.metric_id, e.result, e.threshold from evaluations e
    where e.run_id in (${sql.join(filter.runs)}) and e.result is not null and ${isLatest}${metric}`;
}

/** The number an item sorts by (null: it has none). */
function sortNumber(sort: RunItemSort): RawBuilder<number | null> {
  switch (sort) {
    case 'delta':
      return sql`d.worst`;
    case '-delta':
      return sql`d.best`;
    case 'score':
    case '-score':
      return sql`f.score`;
    case 'datapoint':
      return sql`null`;
  }
}

/**
 * A page of the items any of the runs has, in sort order: per datapoint the largest drop
 * and gain of a later run against the first (over every metric, or one), the first run's
 * mean score and whether it passed every metric. Keyset after `after`.
 */
export async function pageItemPositions(q: Queryable, filter: SideBySide, after: ItemKey | null, limit: number): Promise<ItemPosition[]> {
  const [base, ...heads] = filter.runs;
  const deltas = heads.length
    ? sql`select h.record_seq, min(h.result - b.result) as worst, max(h.result - b.result) as best
        from latest b join latest h on h.record_seq = b.record_seq and h.metric_id = b.metric_id
        where b.run_id = ${base} and h.run_id in (${sql.join(heads)}) group by h.record_seq`
    : // Typed nulls: PostgreSQL takes a bare null in a CTE as text, which coalesce(…, 0) then refuses.
      sql`select record_seq, cast(null as double precision) as worst, cast(null as double precision) as best from latest where 1 = 0`;
  const change = {
    regressed: sql` and worst < 0`,
    improved: sql` and best > 0`,
    changed: sql` and (worst <> 0 or best <> 0)`,
    all: sql``,
  }[filter.change];
  const pass = filter.pass === undefined ? sql`` : sql` and all_pass = ${filter.pass === 'passed' ? 1 : 0}`;
  const desc = filter.sort === '-delta' || filter.sort === '-score';
  const position = after
    ? sql` and (no_key > ${after[0]} or (no_key = ${after[0]} and k ${sql.raw(desc ? '<' : '>')} ${after[1]})
        or (no_key = ${after[0]} and k = ${after[1]} and seq > ${after[2]}))`
    : sql``;
  const key = sortNumber(filter.sort);
  const { rows } = await sql<Record<string, unknown>>`
    with latest as (${latest(filter)}),
    deltas as (${deltas}),
    firsts as (
      select record_seq, avg(result) as score, min(case when result >= threshold then 1 else 0 end) as all_pass
      from latest where run_id = ${base} group by record_seq
    ),
    items as (select distinct datapoint_seq as seq from run_items where run_id in (${sql.join(filter.runs)}))
    select * from (
      select items.seq, d.worst, d.best, f.all_pass,
        case when ${key} is null then 1 else 0 end as no_key, coalesce(${key}, 0) as k
      from items left join deltas d on d.record_seq = items.seq left join firsts f on f.record_seq = items.seq
    ) x where 1 = 1${change}${pass}${position}
    order by no_key, k ${sql.raw(desc ? 'desc' : 'asc')}, seq limit ${limit}`.execute(q.db);
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    seq: Number(r.seq),
    worst: num(r.worst),
    best: num(r.best),
    key: [Number(r.no_key), Number(r.k), Number(r.seq)],
  }));
}

/** The items of these runs on these datapoints. */
export async function itemsOf(q: Queryable, runs: string[], seqs: number[]): Promise<RunItemRow[]> {
  if (seqs.length === 0) return [];
  const rows = await q.db.selectFrom('run_items').selectAll().where('run_id', 'in', runs).where('datapoint_seq', 'in', seqs).execute();
  return rows.map((r) => ({ ...r, datapoint_seq: Number(r.datapoint_seq) }));
}

export interface ExplainedScore {
  run_id: string;
  record_seq: number;
  metric_id: string;
  result: number | null;
  threshold: number;
  explanation: string | null;
}

/** The latest score, with its explanation, of every metric of these runs on these datapoints. */
export async function explainedScores(q: Queryable, runs: string[], seqs: number[]): Promise<ExplainedScore[]> {
  if (seqs.length === 0) return [];
  const { rows } = await sql<ExplainedScore>`select e.run_id, e.record_seq, e.metric_id, e.result, e.threshold, e.explanation
    from evaluations e where e.run_id in (${sql.join(runs)}) and e.record_seq in (${sql.join(seqs)}) and ${isLatest}
    order by e.metric_id`.execute(q.db);
  return rows.map((r) => ({
    ...r,
    record_seq: Number(r.record_seq),
    result: r.result === null ? null : Number(r.result),
    threshold: Number(r.threshold),
  }));
}

export interface HistogramRow {
  run_id: string;
  metric_id: string;
  low: number;
  high: number;
  bin: number;
  n: number;
}

/**
 * Score distributions: per metric, equal bins from the lowest to the highest score any of
 * the runs has, and per run how many of its latest scores fall in each (the highest lands
 * in the last bin). Bins are counted below `bins` edges, so no store's rounding matters.
 */
export async function histograms(q: Queryable, runs: string[], bins: number): Promise<HistogramRow[]> {
  const edges = Array.from(
    { length: bins - 1 },
    (_, i) => sql`case when l.result >= s.low + (s.high - s.low) * ${(i + 1) / bins} then 1 else 0 end`,
  );
  const { rows } = await sql<Record<string, unknown>>`
    with latest as (${latest({ runs })}),
    stats as (select metric_id, min(result) as low, max(result) as high from latest group by metric_id)
    select run_id, metric_id, low, high, bin, count(*) as n from (
      select l.run_id, l.metric_id, s.low, s.high, (${sql.join(edges, sql` + `)}) as bin
      from latest l join stats s on s.metric_id = l.metric_id
    ) x group by run_id, metric_id, low, high, bin`.execute(q.db);
  return rows.map((r) => ({
    run_id: String(r.run_id),
    metric_id: String(r.metric_id),
    low: Number(r.low),
    high: Number(r.high),
    bin: Number(r.bin),
    n: Number(r.n),
  }));
}

/** Metric names by id. */
export async function metricNames(q: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await q.db.selectFrom('metrics').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
