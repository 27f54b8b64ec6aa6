import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import * as store from '../store/evals.js';
import { now } from './clock.js';
import type { Page } from './cursor.js';
import { invalid, notFound } from './errors.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import type { Caller } from './caller.js';
import { RUN_SOURCES, RUN_TYPES } from './catalog.js';
import type { DatasetService } from './datasets.js';

export interface RunInput {
  dataset_id: string;
  run_type: string;
  run_source: string;
  model_slug?: string | null;
  alias?: string | null;
  threshold: number;
  result?: number | null;
  aggregate_results?: Record<string, unknown> | null;
  started_at?: string;
  finished_at?: string | null;
}

export interface EvaluationInput {
  record_id: string;
  metric_id: string;
  result: number | null;
  threshold: number;
  explanation?: string | null;
  model_slug?: string | null;
  input_tokens?: number | null;
  output_tokens?: number | null;
  evaluation_cost?: string | null;
  is_success?: boolean | null;
  started_at?: string;
  finished_at?: string | null;
}

export interface Run extends Omit<store.RunRow, 'aggregate_results' | 'project_id' | 'api_key_id'> {
  aggregate_results: Record<string, unknown> | null;
  is_gte_threshold: boolean | null;
}

export interface Evaluation extends Omit<store.EvaluationRow, 'is_success'> {
  is_success: boolean | null;
  is_gte_threshold: boolean | null;
}

const gte = (result: number | null, threshold: number) => (result === null ? null : result >= threshold);

/** Evaluation runs over datasets, and their per record x metric evaluations. */
export class RunService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
  ) {}

  async create(caller: Caller & { projectId: string }, input: RunInput): Promise<Run> {
    await this.datasets.row(caller.projectId, input.dataset_id);
    if (!RUN_TYPES.some((t) => t.name === input.run_type)) throw invalid(`run_type must be one of ${RUN_TYPES.map((t) => t.name).join(', ')}`, [{ field: 'body/run_type', message: 'is not a run type' }]);
    if (!RUN_SOURCES.some((t) => t.name === input.run_source)) throw invalid(`run_source must be one of ${RUN_SOURCES.map((t) => t.name).join(', ')}`, [{ field: 'body/run_source', message: 'is not a run source' }]);
    const at = now();
    const row = await store.insertRun(this.store, {
      id: randomUUID(),
      project_id: caller.projectId,
      dataset_id: input.dataset_id,
      user_id: caller.userId,
      api_key_id: caller.keyId,
      run_type: input.run_type,
      run_source: input.run_source,
      model_slug: input.model_slug ?? null,
      alias: input.alias ?? null,
      threshold: input.threshold,
      result: input.result ?? null,
      aggregate_results: input.aggregate_results ? JSON.stringify(input.aggregate_results) : null,
      started_at: input.started_at ? new Date(input.started_at).toISOString() : at,
      finished_at: input.finished_at ? new Date(input.finished_at).toISOString() : null,
      created_at: at,
      updated_at: null,
    });
    return toRun(row);
  }

  async list(projectId: string, query: PageRequest & { dataset_id?: string }): Promise<Page<Run>> {
    const after = cursorKey<[number]>('run', query.cursor, ['number']);
    const rows = await store.listRuns(this.store, projectId, query.dataset_id, after?.[0] ?? null, query.limit + 1);
    return pageOf(rows, query.limit, 'run', (r) => [r.seq], toRun);
  }

  /** Records evaluations of a run; records must be datapoints of its dataset, metrics the project's. Atomic. */
  async addEvaluations(caller: Caller & { projectId: string }, runId: string, inputs: EvaluationInput[]): Promise<Evaluation[]> {
    const run = await store.findRun(this.store, caller.projectId, runId);
    if (!run) throw notFound('run');
    const dataset = await this.datasets.row(caller.projectId, run.dataset_id);
    const records = new Map((await store.datapointExistsIn(this.store, dataset.seq, [...new Set(inputs.map((e) => e.record_id))])).map((r) => [r.id, r.seq]));
    const metrics = new Set((await store.metricsByIds(this.store, caller.projectId, [...new Set(inputs.map((e) => e.metric_id))])).map((m) => m.id));
    const issues = inputs.flatMap((e, i) => [
      ...(records.has(e.record_id) ? [] : [{ field: `body/${i}/record_id`, message: 'is not a datapoint of the run\'s dataset' }]),
      ...(metrics.has(e.metric_id) ? [] : [{ field: `body/${i}/metric_id`, message: 'is not a metric of this project' }]),
    ]);
    if (issues.length) throw invalid('unknown records or metrics', issues);
    const at = now();
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
      is_success: e.is_success === undefined || e.is_success === null ? null : e.is_success ? 1 : 0,
      started_at: e.started_at ? new Date(e.started_at).toISOString() : at,
      finished_at: e.finished_at ? new Date(e.finished_at).toISOString() : null,
      created_at: at,
    }));
    return (await this.store.transaction((tx) => store.insertEvaluations(tx, rows))).map(toEvaluation);
  }
}

export function toRun(row: store.RunRow): Run {
  const { project_id: _p, api_key_id: _k, aggregate_results, ...rest } = row;
  return { ...rest, aggregate_results: aggregate_results ? JSON.parse(aggregate_results) : null, is_gte_threshold: gte(row.result, row.threshold) };
}

export function toEvaluation(row: store.EvaluationRow): Evaluation {
  return { ...row, is_success: row.is_success === null ? null : row.is_success === 1, is_gte_threshold: gte(row.result, row.threshold) };
}
