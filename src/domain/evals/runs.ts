import { randomUUID } from 'node:crypto';
import type { Store, Tx } from '../../store/store.js';
import * as store from '../../store/runs.js';
import { metricsByIds } from '../../store/catalog.js';
import type { Evaluation, EvaluationCreate, Run, RunCreate, RunUpdate } from '../../model/evals.js';
import { projectOf, type Caller } from '../caller.js';
import { RUN_SOURCES, RUN_TYPES } from './catalog.js';
import { isoAt, type Clock } from '../clock.js';
import type { Page } from '../cursor.js';
import { invalid, notFound } from '../errors.js';
import { cursorKey, pageOf, type PageRequest } from '../pages.js';
import { chosenVersion } from '../versions/select.js';
import { notify } from '../notify.js';
import type { DatasetService } from '../datasets.js';

/** A score passes when it reaches the threshold; no score, no verdict. */
const gte = (result: number | null, threshold: number) => (result === null ? null : result >= threshold);
export const withVerdict = <T extends { result: number | null; threshold: number }>(r: T) => ({
  ...r,
  is_gte_threshold: gte(r.result, r.threshold),
});

/** What a run's webhook events say about it. */
export const runEvent = (run: Pick<store.RunRecord, 'id' | 'dataset_id' | 'dataset_version' | 'result' | 'finished_at'>) => ({
  run_id: run.id,
  dataset_id: run.dataset_id,
  dataset_version: run.dataset_version,
  result: run.result,
  finished_at: run.finished_at,
});

const iso = (at: string | null | undefined) => (at ? new Date(at).toISOString() : null);

/** Evaluation runs over datasets, and their per record x metric evaluations. */
export class RunService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly clock: Clock,
  ) {}

  /** A run pinned to a version of its dataset (default the head; a tag or `as_of` too). */
  async create(caller: Caller, input: RunCreate): Promise<Run> {
    const dataset = await this.datasets.get(caller, input.dataset_id);
    const version = await chosenVersion(this.store, dataset, { version: input.version, as_of: input.as_of });
    return this.store.transaction((tx) => this.insert(tx, caller, input, version));
  }

  /**
   * Writes a run on a dataset the caller may change, pinned to `version` (of that dataset,
   * checked by the caller), inside a transaction the caller holds.
   */
  async insert(tx: Tx, caller: Caller, input: Omit<RunCreate, 'version' | 'as_of'>, version: number): Promise<Run> {
    if (!RUN_TYPES.some((t) => t.name === input.run_type))
      throw invalid(`run_type must be one of ${RUN_TYPES.map((t) => t.name).join(', ')}`, [
        { field: 'body/run_type', message: 'is not a run type' },
      ]);
    if (!RUN_SOURCES.some((t) => t.name === input.run_source))
      throw invalid(`run_source must be one of ${RUN_SOURCES.map((t) => t.name).join(', ')}`, [
        { field: 'body/run_source', message: 'is not a run source' },
      ]);
    const at = isoAt(this.clock);
    const projectId = projectOf(caller);
    const made = await store.insertRun(tx, {
      id: randomUUID(),
      project_id: projectId,
      dataset_id: input.dataset_id,
      user_id: caller.userId,
      api_key_id: caller.keyId,
      run_type: input.run_type,
      run_source: input.run_source,
      model_slug: input.model_slug ?? null,
      alias: input.alias ?? null,
      threshold: input.threshold,
      result: input.result ?? null,
      aggregate_results: input.aggregate_results ?? null,
      started_at: iso(input.started_at) ?? at,
      finished_at: iso(input.finished_at),
      created_at: at,
      dataset_version: version,
    });
    await notify(tx, projectId, at, 'run.created', runEvent(made));
    return withVerdict(made);
  }

  /** Sets a run's result, aggregates or finish time (which completes it). */
  async update(caller: Caller, id: string, patch: RunUpdate): Promise<Run> {
    const at = isoAt(this.clock);
    const run = await this.store.transaction(async (tx) => {
      const updated = await store.updateRun(tx, projectOf(caller), id, {
        ...patch,
        ...(patch.finished_at !== undefined && { finished_at: iso(patch.finished_at) }),
        updated_at: at,
      });
      if (updated && patch.finished_at) await notify(tx, projectOf(caller), at, 'run.completed', runEvent(updated));
      return updated;
    });
    if (!run) throw notFound('run');
    return withVerdict(run);
  }

  async list(caller: Caller, query: PageRequest & { dataset_id?: string }): Promise<Page<Run>> {
    const after = cursorKey<[number]>('run', query.cursor, ['integer']);
    const rows = await store.listRuns(this.store, projectOf(caller), query.dataset_id, after?.[0] ?? null, query.limit + 1);
    return pageOf(rows, query.limit, 'run', (r) => [r.seq], withVerdict);
  }

  /** Records evaluations of a run; records must be datapoints of its dataset, metrics the project's. Atomic. */
  async addEvaluations(caller: Caller, runId: string, inputs: EvaluationCreate[]): Promise<Evaluation[]> {
    const projectId = projectOf(caller);
    const run = await store.findRun(this.store, projectId, runId);
    if (!run) throw notFound('run');
    const dataset = await this.datasets.get(caller, run.dataset_id);
    const records = new Map(
      (await store.datapointsAmong(this.store, dataset.seq, [...new Set(inputs.map((e) => e.record_id))])).map((r) => [r.id, r.seq]),
    );
    const metrics = new Set((await metricsByIds(this.store, projectId, [...new Set(inputs.map((e) => e.metric_id))])).map((m) => m.id));
    const issues = inputs.flatMap((e, i) => [
      ...(records.has(e.record_id) ? [] : [{ field: `body/${i}/record_id`, message: "is not a datapoint of the run's dataset" }]),
      ...(metrics.has(e.metric_id) ? [] : [{ field: `body/${i}/metric_id`, message: 'is not a metric of this project' }]),
    ]);
    if (issues.length) throw invalid('unknown records or metrics', issues);
    const at = isoAt(this.clock);
    const rows = inputs.map((e) => ({
      id: randomUUID(),
      run_id: run.id,
      user_id: caller.userId,
      record_id: e.record_id,
      record_seq: records.get(e.record_id)!,
      metric_id: e.metric_id,
      result: e.result,
      threshold: e.threshold,
      explanation: e.explanation ?? null,
      model_slug: e.model_slug ?? null,
      input_tokens: e.input_tokens ?? null,
      output_tokens: e.output_tokens ?? null,
      evaluation_cost: e.evaluation_cost ?? null,
      is_success: e.is_success ?? null,
      started_at: iso(e.started_at) ?? at,
      finished_at: iso(e.finished_at),
      created_at: at,
    }));
    const stored = await this.store.transaction(async (tx) => {
      const written = await store.insertEvaluations(tx, rows);
      const metricIds = [...new Set(rows.map((r) => r.metric_id))];
      await notify(tx, projectId, at, 'evaluations.written', { ...runEvent(run), count: rows.length, metric_ids: metricIds });
      return written;
    });
    return stored.map(({ record_seq: _seq, ...e }) => withVerdict(e));
  }
}
