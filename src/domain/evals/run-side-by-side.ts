import type { Store } from '../../store/store.js';
import * as runs from '../../store/runs.js';
import * as compare from '../../store/run-compare.js';
import { aggregates } from '../../store/run-items.js';
import { atVersion } from '../../store/datapoints.js';
import type { DatapointRecord } from '../../model/datapoints.js';
import type { Run } from '../../model/evals.js';
import type { MetricAggregate } from '../../model/run-items.js';
import { HISTOGRAM_BINS, type ComparedMetric, type RunItemsQuery, type RunOutcome } from '../../model/run-compare.js';
import { projectOf, type Caller } from '../caller.js';
import { encodeCursor } from '../cursor.js';
import { invalid, notFound } from '../errors.js';
import { cursorKey } from '../pages.js';
import type { AttachmentLinks } from '../attachment-links.js';
import type { DatasetService } from '../datasets.js';
import { withVerdict } from './runs.js';

export interface SideBySidePage {
  runs: Run[];
  version: number;
  metrics: ComparedMetric[];
  data: { datapoint: DatapointRecord; outcomes: (RunOutcome | null)[]; worst_delta: number | null; best_delta: number | null }[];
  next_cursor: string | null;
}

const minus = (a: number | null | undefined, b: number | null | undefined) =>
  a === null || a === undefined || b === null || b === undefined ? null : a - b;

/**
 * Runs of one dataset version read item by item: each datapoint's content with every
 * run's output and scores beside it, in one page, regressions first; and per metric the
 * runs' aggregates, their change against the first, and their score distributions.
 */
export class SideBySideService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly links: AttachmentLinks,
  ) {}

  async page(caller: Caller, query: RunItemsQuery): Promise<SideBySidePage> {
    const ids = [...new Set(query.run)];
    const found = await Promise.all(ids.map((id) => runs.findRun(this.store, projectOf(caller), id)));
    const missing = found.findIndex((r) => !r);
    if (missing !== -1) throw notFound(`run ${ids[missing]}`);
    const pinned = found as runs.RunRecord[];
    const [first] = pinned;
    if (pinned.some((r) => r.dataset_id !== first.dataset_id || r.dataset_version !== first.dataset_version)) {
      throw invalid('runs compared item by item must be pinned to the same dataset version', [
        { field: 'run', message: 'runs of different dataset versions' },
      ]);
    }
    const dataset = await this.datasets.readable(caller, first.dataset_id);
    const tag = `side:${ids.join(',')}:${query.metric_id ?? ''}:${query.sort}:${query.change}:${query.pass ?? ''}`;
    const after = cursorKey<compare.ItemKey>(tag, query.cursor, ['number', 'number', 'number']);
    const filter = { runs: ids, metricId: query.metric_id, sort: query.sort, change: query.change, pass: query.pass };
    const positions = await compare.pageItemPositions(this.store, filter, after, query.limit + 1);
    const shown = positions.slice(0, query.limit);
    const seqs = shown.map((p) => p.seq);
    const [records, items, scores, metrics] = await Promise.all([
      atVersion(this.store, dataset.seq, first.dataset_version, seqs).then((found) => this.links.linked(dataset.project_id, found)),
      compare.itemsOf(this.store, ids, seqs),
      compare.explainedScores(this.store, ids, seqs),
      this.metrics(ids),
    ]);
    const bySeq = new Map(records.map((d) => [d.seq, d]));
    const itemAt = new Map(items.map((i) => [`${i.run_id}:${i.datapoint_seq}`, i]));
    const scoresAt = new Map<string, compare.ExplainedScore[]>();
    for (const s of scores) scoresAt.set(`${s.run_id}:${s.record_seq}`, [...(scoresAt.get(`${s.run_id}:${s.record_seq}`) ?? []), s]);
    const outcome = (runId: string, seq: number): RunOutcome | null => {
      const item = itemAt.get(`${runId}:${seq}`);
      const own = scoresAt.get(`${runId}:${seq}`) ?? [];
      if (!item && own.length === 0) return null;
      return {
        output: item ? (JSON.parse(item.output) as unknown) : null,
        latency_ms: item?.latency_ms ?? null,
        error: item?.error ?? null,
        scores: own.map(({ metric_id, result, threshold, explanation }) => ({
          metric_id,
          result,
          threshold,
          explanation,
          passed: result === null ? null : result >= threshold,
        })),
      };
    };
    const data = shown
      .filter((p) => bySeq.has(p.seq))
      .map((p) => ({
        datapoint: bySeq.get(p.seq)!,
        outcomes: ids.map((id) => outcome(id, p.seq)),
        worst_delta: p.worst,
        best_delta: p.best,
      }));
    const last = shown[shown.length - 1];
    return {
      runs: pinned.map(withVerdict),
      version: first.dataset_version,
      metrics,
      data,
      next_cursor: positions.length > query.limit && last ? encodeCursor(tag, last.key) : null,
    };
  }

  /** Per metric any run scored: each run's aggregate, its change against the first, and the distributions. */
  private async metrics(ids: string[]): Promise<ComparedMetric[]> {
    const [perRun, bins] = await Promise.all([
      Promise.all(ids.map((id) => aggregates(this.store, id))),
      compare.histograms(this.store, ids, HISTOGRAM_BINS),
    ]);
    const metricIds = [...new Set(perRun.flat().map((a) => a.metric_id))].sort();
    const names = await compare.metricNames(this.store, metricIds);
    return metricIds.map((metric_id) => {
      const of = (list: MetricAggregate[]) => list.find((a) => a.metric_id === metric_id) ?? null;
      const aggregatesByRun = perRun.map(of);
      const base = aggregatesByRun[0];
      const own = bins.filter((b) => b.metric_id === metric_id);
      const histogram = own.length
        ? {
            low: own[0].low,
            high: own[0].high,
            counts: ids.map((id) => {
              const counts: number[] = new Array<number>(HISTOGRAM_BINS).fill(0);
              for (const b of own) if (b.run_id === id) counts[Math.min(b.bin, HISTOGRAM_BINS - 1)] += b.n;
              return counts;
            }),
          }
        : null;
      return {
        metric_id,
        name: names.get(metric_id) ?? null,
        aggregates: aggregatesByRun,
        mean_deltas: aggregatesByRun.map((a) => minus(a?.mean, base?.mean)),
        pass_rate_deltas: aggregatesByRun.map((a) => minus(a?.pass_rate, base?.pass_rate)),
        histogram,
      };
    });
  }
}
