import { sql, type Selectable } from 'kysely';
import type { ItemDelta, MetricAggregate } from '../model/run-items.js';
import type { RunItemTable } from './schema.js';
import { visibleAt } from './datapoint-rows.js';
import { toEvaluation, type EvaluationRecord } from './runs.js';
import type { Queryable } from './store.js';

export type RunItemRow = Selectable<RunItemTable>;

/** Writes items, one per (run, datapoint): an item sent again replaces the one before. */
export async function upsertRunItems(q: Queryable, rows: RunItemRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q.db
    .insertInto('run_items')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['run_id', 'datapoint_seq']).doUpdateSet((eb) => ({
        output: eb.ref('excluded.output'),
        latency_ms: eb.ref('excluded.latency_ms'),
        input_tokens: eb.ref('excluded.input_tokens'),
        output_tokens: eb.ref('excluded.output_tokens'),
        cost: eb.ref('excluded.cost'),
        error: eb.ref('excluded.error'),
        trace_id: eb.ref('excluded.trace_id'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

/** Writes items for datapoints that have none in their run yet, leaving the others as they are. */
export async function insertRunItemsIfAbsent(q: Queryable, rows: RunItemRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q.db
    .insertInto('run_items')
    .values(rows)
    .onConflict((oc) => oc.columns(['run_id', 'datapoint_seq']).doNothing())
    .execute();
}

/** Which datapoints a run's item listing keeps: in a split (at the run's version), or with a metric passed or failed. */
export interface ItemFilter {
  datasetSeq: number;
  version: number;
  split?: string;
  metricId?: string;
  pass?: 'passed' | 'failed';
}

/** The latest evaluation of each (datapoint, metric) in a run: an evaluation sent again supersedes the one before. */
const isLatest = sql<boolean>`not exists (select 1 from evaluations n where n.run_id = e.run_id and n.metric_id = e.metric_id
  and n.record_seq = e.record_seq and n.seq > e.seq)`;

const verdict = (pass: 'passed' | 'failed') =>
  pass === 'passed' ? sql<boolean>`e.result >= e.threshold` : sql<boolean>`e.result < e.threshold`;

/** The datapoint with this seq (a column) is in the split at the filter's version. */
const inSplit = (q: Queryable, seqColumn: string, filter: ItemFilter & { split: string }) =>
  sql<boolean>`exists (select 1 from datapoints d where d.seq = ${sql.ref(seqColumn)} and +d.dataset_seq = ${filter.datasetSeq}
    and ${visibleAt(filter.version, 'd')} and ${q.dialect.jsonArrayContains('d.splits', filter.split)})`;

/** Datapoints of a version by id, with their seqs: the ones a run pinned to it may have items for. */
export async function datapointSeqsAt(
  q: Queryable,
  datasetSeq: number,
  version: number,
  ids: string[],
): Promise<{ id: string; seq: number }[]> {
  if (ids.length === 0) return [];
  return q.db
    .selectFrom('datapoints')
    .select(['id', 'seq'])
    .where('dataset_seq', '=', datasetSeq)
    .where('id', 'in', ids)
    .where(visibleAt(version))
    .execute();
}

export async function pageRunItems(
  q: Queryable,
  runId: string,
  filter: ItemFilter,
  afterSeq: number,
  limit: number,
): Promise<RunItemRow[]> {
  let query = q.db.selectFrom('run_items as i').selectAll('i').where('i.run_id', '=', runId).where('i.datapoint_seq', '>', afterSeq);
  const { split } = filter;
  if (split !== undefined) query = query.where(inSplit(q, 'i.datapoint_seq', { ...filter, split }));
  if (filter.metricId !== undefined) {
    const { metricId, pass } = filter;
    query = query.where(
      sql<boolean>`exists (select 1 from evaluations e where e.run_id = i.run_id and e.metric_id = ${metricId}
        and e.record_seq = i.datapoint_seq and ${isLatest}${pass ? sql` and ${verdict(pass)}` : sql``})`,
    );
  }
  return query.orderBy('i.datapoint_seq').limit(limit).execute();
}

export interface ScoreRow {
  record_seq: number;
  metric_id: string;
  result: number | null;
  threshold: number;
}

/** The latest score of each metric on these datapoints in a run. */
export async function latestScores(q: Queryable, runId: string, seqs: number[]): Promise<ScoreRow[]> {
  if (seqs.length === 0) return [];
  const { rows } = await sql<ScoreRow>`select e.record_seq, e.metric_id, e.result, e.threshold from evaluations e
    where e.run_id = ${runId} and e.record_seq in (${sql.join(seqs)}) and ${isLatest} order by e.record_seq, e.metric_id`.execute(q.db);
  return rows.map((r) => ({ ...r, record_seq: Number(r.record_seq) }));
}

/**
 * Per metric, over each datapoint's latest scored evaluation: count, mean, nearest-rank
 * p50 and p90 (ceil(p·n)-th smallest, written with integer division, which both stores
 * share) and the share at or above threshold.
 */
export async function aggregates(q: Queryable, runId: string): Promise<MetricAggregate[]> {
  const { rows } = await sql<Record<string, unknown>>`
    with latest as (
      select e.metric_id, e.result, e.threshold from evaluations e
      where e.run_id = ${runId} and e.result is not null and ${isLatest}
    ), ranked as (
      select metric_id, result, threshold,
        row_number() over (partition by metric_id order by result) as rn,
        count(*) over (partition by metric_id) as n
      from latest
    )
    select metric_id, count(*) as count, avg(result) as mean,
      max(case when rn = (n + 1) / 2 then result end) as p50,
      max(case when rn = (9 * n + 9) / 10 then result end) as p90,
      avg(case when result >= threshold then 1.0 else 0.0 end) as pass_rate
    from ranked group by metric_id order by metric_id`.execute(q.db);
  const num = (v: unknown) => (v === null ? null : Number(v));
  return rows.map((r) => ({
    metric_id: String(r.metric_id),
    count: Number(r.count),
    mean: num(r.mean),
    p50: num(r.p50),
    p90: num(r.p90),
    pass_rate: num(r.pass_rate),
  }));
}

export interface CompareFilter {
  metricId?: string;
  change: 'regressed' | 'improved' | 'changed' | 'all';
  desc: boolean;
}

/** A position in a comparison: (delta, datapoint seq, metric id). */
export type DeltaKey = [number, number, string];

/**
 * Datapoint × metric pairs scored in both runs (their latest scores), with head − base,
 * in delta order: the datapoints the two runs share, whatever versions they ran on.
 */
export async function compareItems(
  q: Queryable,
  base: string,
  head: string,
  filter: CompareFilter,
  after: DeltaKey | null,
  limit: number,
): Promise<Omit<ItemDelta, 'change'>[]> {
  const latestOf = (runId: string) =>
    sql`select e.record_seq, e.record_id, e.metric_id, e.result from evaluations e
      where e.run_id = ${runId} and e.result is not null and ${isLatest}${filter.metricId ? sql` and e.metric_id = ${filter.metricId}` : sql``}`;
  const change = { regressed: sql` and delta < 0`, improved: sql` and delta > 0`, changed: sql` and delta <> 0`, all: sql`` }[
    filter.change
  ];
  const direction = sql.raw(filter.desc ? 'desc' : 'asc');
  const position = after
    ? sql` and (delta, record_seq, metric_id) ${sql.raw(filter.desc ? '<' : '>')} (${after[0]}, ${after[1]}, ${after[2]})`
    : sql``;
  const { rows } = await sql<Record<string, unknown>>`
    select * from (
      select h.record_seq, h.record_id, h.metric_id, b.result as base, h.result as head, h.result - b.result as delta
      from (${latestOf(base)}) b join (${latestOf(head)}) h on h.record_seq = b.record_seq and h.metric_id = b.metric_id
    ) pairs where 1 = 1${change}${position}
    order by delta ${direction}, record_seq ${direction}, metric_id ${direction} limit ${limit}`.execute(q.db);
  return rows.map((r) => ({
    datapoint_id: String(r.record_id),
    datapoint_seq: Number(r.record_seq),
    metric_id: String(r.metric_id),
    base: Number(r.base),
    head: Number(r.head),
    delta: Number(r.delta),
  }));
}

/** A run's evaluations in the order they were written, by metric, verdict and split. */
export async function pageEvaluations(
  q: Queryable,
  runId: string,
  filter: ItemFilter,
  afterSeq: number,
  limit: number,
): Promise<EvaluationRecord[]> {
  let query = q.db.selectFrom('evaluations as e').selectAll('e').where('e.run_id', '=', runId).where('e.seq', '>', afterSeq);
  if (filter.metricId !== undefined) query = query.where('e.metric_id', '=', filter.metricId);
  if (filter.pass !== undefined) query = query.where(verdict(filter.pass));
  const { split } = filter;
  if (split !== undefined) query = query.where(inSplit(q, 'e.record_seq', { ...filter, split }));
  return (await query.orderBy('e.seq').limit(limit).execute()).map(toEvaluation);
}
