import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import * as store from '../store/runs.js';
import { metricsByIds } from '../store/catalog.js';
import type { Evaluation, EvaluationCreate, Run, RunCreate } from '../model/evals.js';
import { projectOf, type Caller } from './caller.js';
import { RUN_SOURCES, RUN_TYPES } from './catalog.js';
import { isoAt, type Clock } from './clock.js';
import type { Page } from './cursor.js';
import { invalid, notFound } from './errors.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import type { DatasetService } from './datasets.js';

/** A score passes when it reaches the threshold; no score, no verdict. */
const gte = (result: number | null, threshold: number) => (result === null ? null : result >= threshold);
export const withVerdict = <T extends { result: number | null; threshold: number }>(r: T) => ({
  ...r,
  is_gte_threshold: gte(r.result, r.threshold),
});

const iso = (at: string | null | undefined) => (at ? new Date(at).toISOString() : null);

/** Evaluation runs over datasets, and their per record x metric evaluations. */
export class RunService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly clock: Clock,
  ) {}

  async create(caller: Caller, input: RunCreate): Promise<Run> {
    await this.datasets.get(caller, input.dataset_id);
    if (!RUN_TYPES.some((t) => t.name === input.run_type))
      throw invalid(`run_type must be one of ${RUN_TYPES.map((t) => t.name).join(', ')}`, [
        { field: 'body/run_type', message: 'is not a run type' },
      ]);
    if (!RUN_SOURCES.some((t) => t.name === input.run_source))
      throw invalid(`run_source must be one of ${RUN_SOURCES.map((t) => t.name).join(', ')}`, [
        { field: 'body/run_source', message: 'is not a run source' },
      ]);
    const at = isoAt(this.clock);
    const run = await store.insertRun(this.store, {
      id: randomUUID(),
      project_id: projectOf(caller),
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
    });
    return withVerdict(run);
  }

  async list(caller: Caller, query: PageRequest & { dataset_id?: string }): Promise<Page<Run>> {
    const after = cursorKey<[number]>('run', query.cursor, ['number']);
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
    const stored = await this.store.transaction((tx) => store.insertEvaluations(tx, rows));
    return stored.map(({ record_seq: _seq, ...e }) => withVerdict(e));
  }
}
