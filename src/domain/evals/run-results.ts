import type { Store, Tx } from '../../store/store.js';
import * as runs from '../../store/runs.js';
import * as items from '../../store/run-items.js';
import type { Evaluation, Run } from '../../model/evals.js';
import type { ItemDelta, MetricAggregate, RunItem, RunItemWrite } from '../../model/run-items.js';
import { projectOf, type Caller } from '../caller.js';
import { isoAt, type Clock } from '../clock.js';
import type { Page } from '../cursor.js';
import { invalid, notFound } from '../errors.js';
import { cursorKey, pageOf, type PageRequest } from '../pages.js';
import type { DatasetService } from '../datasets.js';
import { withVerdict } from './runs.js';

export interface ResultFilter {
  split?: string;
  metric_id?: string;
  pass?: 'passed' | 'failed';
}

export interface CompareQuery extends PageRequest {
  base: string;
  head: string;
  metric_id?: string;
  change: items.CompareFilter['change'];
  sort: 'delta' | '-delta';
}

export interface Comparison extends Page<ItemDelta> {
  base: Run;
  head: Run;
  metrics: {
    metric_id: string;
    base: MetricAggregate | null;
    head: MetricAggregate | null;
    mean_delta: number | null;
    pass_rate_delta: number | null;
  }[];
}

const ITEM_BATCH = 1000;

const difference = (head: number | null | undefined, base: number | null | undefined) =>
  head === null || head === undefined || base === null || base === undefined ? null : head - base;

/** What runs produced: items per datapoint of the pinned version, their scores, aggregates and comparisons. */
export class RunResultService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly clock: Clock,
  ) {}

  private async run(caller: Caller, id: string): Promise<runs.RunRecord> {
    const run = await runs.findRun(this.store, projectOf(caller), id);
    if (!run) throw notFound('run');
    return run;
  }

  async get(caller: Caller, id: string): Promise<Run & { aggregates: MetricAggregate[] }> {
    const run = await this.run(caller, id);
    return { ...withVerdict(run), aggregates: await items.aggregates(this.store, run.id) };
  }

  /**
   * Writes items a batch at a time in one transaction (all or none): each names a
   * datapoint of the run's pinned version; one sent again replaces the one before.
   * The source is bounded where it is read (a JSON batch, or NDJSON's line limits).
   */
  async writeItems(
    caller: Caller,
    runId: string,
    source: AsyncIterable<unknown> | unknown[],
  ): Promise<{ run_id: string; written: number }> {
    const run = await this.run(caller, runId);
    const dataset = await this.datasets.get(caller, run.dataset_id);
    let written = 0;
    await this.store.transaction(async (tx) => {
      let batch: RunItemWrite[] = [];
      for await (const item of source) {
        batch.push(item as RunItemWrite);
        written++;
        if (batch.length === ITEM_BATCH) {
          await this.writeBatch(tx, run, dataset.seq, batch, written - batch.length);
          batch = [];
        }
      }
      await this.writeBatch(tx, run, dataset.seq, batch, written - batch.length);
    });
    return { run_id: run.id, written };
  }

  private async writeBatch(tx: Tx, run: runs.RunRecord, datasetSeq: number, batch: RunItemWrite[], offset: number): Promise<void> {
    const ids = [...new Set(batch.map((i) => i.datapoint_id))];
    const seqs = new Map((await items.datapointSeqsAt(tx, datasetSeq, run.dataset_version, ids)).map((d) => [d.id, d.seq]));
    const unknown = batch.findIndex((i) => !seqs.has(i.datapoint_id));
    if (unknown !== -1) {
      throw invalid(
        `item ${offset + unknown}: datapoint ${batch[unknown].datapoint_id} is not in version ${run.dataset_version}, the run's`,
        [{ field: `items/${offset + unknown}/datapoint_id`, message: `is not a datapoint of version ${run.dataset_version}` }],
      );
    }
    const at = isoAt(this.clock);
    // The last of several items for one datapoint wins, as a later request would.
    const rows = new Map(
      batch.map((i) => [
        i.datapoint_id,
        {
          run_id: run.id,
          datapoint_seq: seqs.get(i.datapoint_id)!,
          datapoint_id: i.datapoint_id,
          output: JSON.stringify(i.output ?? null),
          latency_ms: i.latency_ms ?? null,
          input_tokens: i.input_tokens ?? null,
          output_tokens: i.output_tokens ?? null,
          cost: i.cost ?? null,
          error: i.error ?? null,
          trace_id: i.trace_id ?? null,
          created_at: at,
          updated_at: at,
        },
      ]),
    );
    await items.upsertRunItems(tx, [...rows.values()]);
  }

  async items(caller: Caller, runId: string, query: PageRequest & ResultFilter): Promise<Page<RunItem>> {
    const run = await this.run(caller, runId);
    const after = cursorKey<[number]>('item', query.cursor, ['integer']);
    const rows = await items.pageRunItems(this.store, run.id, await this.filterOf(caller, run, query), after?.[0] ?? 0, query.limit + 1);
    const shown = rows.slice(0, query.limit);
    const scores = await items.latestScores(
      this.store,
      run.id,
      shown.map((r) => r.datapoint_seq),
    );
    const bySeq = new Map<number, items.ScoreRow[]>();
    for (const s of scores) bySeq.set(s.record_seq, [...(bySeq.get(s.record_seq) ?? []), s]);
    const toItem = (r: items.RunItemRow): RunItem => ({
      ...r,
      datapoint_seq: Number(r.datapoint_seq),
      output: JSON.parse(r.output) as unknown,
      scores: (bySeq.get(Number(r.datapoint_seq)) ?? []).map(({ metric_id, result, threshold }) => ({
        metric_id,
        result,
        threshold,
        passed: result === null ? null : result >= threshold,
      })),
    });
    return pageOf(rows, query.limit, 'item', (r) => [Number(r.datapoint_seq)], toItem);
  }

  async evaluations(caller: Caller, runId: string, query: PageRequest & ResultFilter): Promise<Page<Evaluation>> {
    const run = await this.run(caller, runId);
    const after = cursorKey<[number]>('eval', query.cursor, ['integer']);
    const rows = await items.pageEvaluations(this.store, run.id, await this.filterOf(caller, run, query), after?.[0] ?? 0, query.limit + 1);
    return pageOf(
      rows,
      query.limit,
      'eval',
      (e) => [e.seq],
      ({ record_seq: _seq, ...e }) => withVerdict(e),
    );
  }

  private async filterOf(caller: Caller, run: runs.RunRecord, query: ResultFilter): Promise<items.ItemFilter> {
    const dataset = await this.datasets.get(caller, run.dataset_id);
    return { datasetSeq: dataset.seq, version: run.dataset_version, split: query.split, metricId: query.metric_id, pass: query.pass };
  }

  /**
   * Two runs side by side: per metric the aggregates and their change, and per datapoint
   * and metric scored in both (the datapoints they share) head − base, paged in delta order
   * (regressions first by default).
   */
  async compare(caller: Caller, query: CompareQuery): Promise<Comparison> {
    const [base, head] = await Promise.all([this.run(caller, query.base), this.run(caller, query.head)]);
    const desc = query.sort === '-delta';
    const tag = `cmp:${base.id}:${head.id}:${query.sort}:${query.change}:${query.metric_id ?? ''}`;
    const after = cursorKey<items.DeltaKey>(tag, query.cursor, ['number', 'integer', 'string']);
    const filter = { metricId: query.metric_id, change: query.change, desc };
    const [pairs, baseAggregates, headAggregates] = await Promise.all([
      items.compareItems(this.store, base.id, head.id, filter, after, query.limit + 1),
      items.aggregates(this.store, base.id),
      items.aggregates(this.store, head.id),
    ]);
    const metricIds = [...new Set([...baseAggregates, ...headAggregates].map((a) => a.metric_id))].sort();
    const metrics = metricIds.map((metric_id) => {
      const b = baseAggregates.find((a) => a.metric_id === metric_id) ?? null;
      const h = headAggregates.find((a) => a.metric_id === metric_id) ?? null;
      return {
        metric_id,
        base: b,
        head: h,
        mean_delta: difference(h?.mean, b?.mean),
        pass_rate_delta: difference(h?.pass_rate, b?.pass_rate),
      };
    });
    const page = pageOf(
      pairs,
      query.limit,
      tag,
      (p) => [p.delta, p.datapoint_seq, p.metric_id],
      (p): ItemDelta => ({ ...p, change: p.delta < 0 ? 'regressed' : p.delta > 0 ? 'improved' : 'same' }),
    );
    return { base: withVerdict(base), head: withVerdict(head), metrics, ...page };
  }
}
