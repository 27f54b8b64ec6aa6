import type { Selectable } from 'kysely';
import type { Evaluation, Run } from '../model/evals.js';
import type { EvaluationTable, RunTable } from './schema.js';
import type { Viewer } from './access.js';
import type { Queryable } from './store.js';
import { chunks } from './versions.js';

/** A run as stored; whether it passed its threshold is the domain's to say. */
export type RunRecord = Omit<Run, 'is_gte_threshold'>;
export type EvaluationRecord = Omit<Evaluation, 'is_gte_threshold'> & { record_seq: number };

export interface NewRun extends Omit<RunRecord, 'seq' | 'updated_at'> {
  project_id: string;
  api_key_id: string;
}
export type NewEvaluation = Omit<EvaluationRecord, 'seq'>;

const toRun = ({ project_id: _p, api_key_id: _k, aggregate_results, ...row }: Selectable<RunTable>): RunRecord => ({
  ...row,
  aggregate_results: aggregate_results === null ? null : (JSON.parse(aggregate_results) as Record<string, unknown>),
});
export const toEvaluation = ({ is_success, ...row }: Selectable<EvaluationTable>): EvaluationRecord => ({
  ...row,
  is_success: is_success === null ? null : is_success === 1,
});

export async function insertRun(q: Queryable, run: NewRun): Promise<RunRecord> {
  const row = await q.db
    .insertInto('runs')
    .values({ ...run, aggregate_results: run.aggregate_results === null ? null : JSON.stringify(run.aggregate_results), updated_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRun(row);
}

export async function updateRun(
  q: Queryable,
  projectId: string,
  id: string,
  change: { result?: number | null; aggregate_results?: Record<string, unknown> | null; finished_at?: string | null; updated_at: string },
): Promise<RunRecord | undefined> {
  const { aggregate_results, ...rest } = change;
  const row = await q.db
    .updateTable('runs')
    .set({
      ...rest,
      ...(aggregate_results !== undefined && { aggregate_results: aggregate_results === null ? null : JSON.stringify(aggregate_results) }),
    })
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .returningAll()
    .executeTakeFirst();
  return row && toRun(row);
}

export async function findRun(q: Queryable, projectId: string, id: string): Promise<RunRecord | undefined> {
  const row = await q.db.selectFrom('runs').selectAll().where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
  return row && toRun(row);
}

export async function listRuns(
  q: Queryable,
  projectId: string,
  datasetId: string | undefined,
  beforeSeq: number | null,
  limit: number,
): Promise<RunRecord[]> {
  let query = q.db.selectFrom('runs').selectAll().where('project_id', '=', projectId).orderBy('seq', 'desc').limit(limit);
  if (datasetId !== undefined) query = query.where('dataset_id', '=', datasetId);
  if (beforeSeq !== null) query = query.where('seq', '<', beforeSeq);
  return (await query.execute()).map(toRun);
}

/** The runs a viewer made on a dataset (its user's, or its project's user-less ones), newest first. */
export async function runsOf(q: Queryable, viewer: Viewer, datasetId: string, limit: number): Promise<RunRecord[]> {
  let query = q.db.selectFrom('runs').selectAll().where('dataset_id', '=', datasetId);
  query =
    viewer.userId !== null
      ? query.where('user_id', '=', viewer.userId)
      : query.where('user_id', 'is', null).where('project_id', '=', viewer.projectId);
  return (await query.orderBy('seq', 'desc').limit(limit).execute()).map(toRun);
}

export async function insertEvaluations(q: Queryable, evaluations: NewEvaluation[]): Promise<EvaluationRecord[]> {
  const stored: EvaluationRecord[] = [];
  for (const chunk of chunks(evaluations, 200)) {
    const values = chunk.map((e) => ({ ...e, is_success: e.is_success === null ? null : e.is_success ? 1 : 0 }));
    stored.push(...(await q.db.insertInto('evaluations').values(values).returningAll().execute()).map(toEvaluation));
  }
  return stored;
}

export async function evaluationsOf(q: Queryable, runId: string, limit: number): Promise<EvaluationRecord[]> {
  return (await q.db.selectFrom('evaluations').selectAll().where('run_id', '=', runId).orderBy('seq').limit(limit).execute()).map(
    toEvaluation,
  );
}

/** Distinct metrics evaluated in each run. */
export async function metricCounts(q: Queryable, runIds: string[]): Promise<Map<string, number>> {
  if (runIds.length === 0) return new Map();
  const rows = await q.db
    .selectFrom('evaluations')
    .select(['run_id', (eb) => eb.fn.count<number>('metric_id').distinct().as('n')])
    .where('run_id', 'in', runIds)
    .groupBy('run_id')
    .execute();
  return new Map(rows.map((r) => [r.run_id, Number(r.n)]));
}

/** Which of these ids are datapoints of the dataset (in any version), with their sequence numbers. */
export async function datapointsAmong(q: Queryable, datasetSeq: number, ids: string[]): Promise<{ id: string; seq: number }[]> {
  if (ids.length === 0) return [];
  return q.db
    .selectFrom('datapoints')
    .select(['id', 'seq'])
    .distinct()
    .where('dataset_seq', '=', datasetSeq)
    .where('id', 'in', ids)
    .execute();
}
