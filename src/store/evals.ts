import { sql } from 'kysely';
import type { Queryable } from './store.js';
import type { DatasetTypeTable, EvaluationTable, MetricTable, RunTable } from './schema.js';
import type { DatasetRow } from './datasets.js';
import { accessible, notExpr, owned, type Viewer } from './shares.js';

export type DatasetTypeRow = Omit<DatasetTypeTable, 'seq'> & { seq: number };
export type MetricRow = Omit<MetricTable, 'seq'> & { seq: number };
export type RunRow = Omit<RunTable, 'seq'> & { seq: number };
export type EvaluationRow = Omit<EvaluationTable, 'seq'> & { seq: number };

export function insertDatasetType(q: Queryable, row: Omit<DatasetTypeTable, 'seq'>): Promise<DatasetTypeRow> {
  return q.db.insertInto('dataset_types').values(row).returningAll().executeTakeFirstOrThrow();
}

export function listDatasetTypes(q: Queryable): Promise<DatasetTypeRow[]> {
  return q.db.selectFrom('dataset_types').selectAll().orderBy('seq').limit(1000).execute();
}

export function insertMetric(q: Queryable, row: Omit<MetricTable, 'seq'>): Promise<MetricRow> {
  return q.db.insertInto('metrics').values(row).returningAll().executeTakeFirstOrThrow();
}

export function listMetrics(q: Queryable, projectId: string, afterSeq: number | null, limit: number): Promise<MetricRow[]> {
  let query = q.db.selectFrom('metrics').selectAll().where('project_id', '=', projectId).orderBy('seq').limit(limit);
  if (afterSeq !== null) query = query.where('seq', '>', afterSeq);
  return query.execute();
}

export function metricsByIds(q: Queryable, projectId: string, ids: string[]): Promise<MetricRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return q.db.selectFrom('metrics').selectAll().where('project_id', '=', projectId).where('id', 'in', ids).execute();
}

export function insertRun(q: Queryable, row: Omit<RunTable, 'seq'>): Promise<RunRow> {
  return q.db.insertInto('runs').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findRun(q: Queryable, projectId: string, id: string): Promise<RunRow | undefined> {
  return q.db.selectFrom('runs').selectAll().where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
}

export function listRuns(q: Queryable, projectId: string, datasetId: string | undefined, afterSeq: number | null, limit: number): Promise<RunRow[]> {
  let query = q.db.selectFrom('runs').selectAll().where('project_id', '=', projectId).orderBy('seq', 'desc').limit(limit);
  if (datasetId !== undefined) query = query.where('dataset_id', '=', datasetId);
  if (afterSeq !== null) query = query.where('seq', '<', afterSeq);
  return query.execute();
}

/** The runs a viewer made on a dataset (its user's, or its project's user-less ones), newest first. */
export function runsOf(q: Queryable, viewer: Viewer, datasetId: string, limit: number): Promise<RunRow[]> {
  let query = q.db.selectFrom('runs').selectAll().where('dataset_id', '=', datasetId);
  query = viewer.userId !== null
    ? query.where('user_id', '=', viewer.userId)
    : query.where('user_id', 'is', null).where('project_id', '=', viewer.projectId);
  return query.orderBy('seq', 'desc').limit(limit).execute();
}

export async function insertEvaluations(q: Queryable, rows: Omit<EvaluationTable, 'seq'>[]): Promise<EvaluationRow[]> {
  const stored: EvaluationRow[] = [];
  for (let i = 0; i < rows.length; i += 200) stored.push(...(await q.db.insertInto('evaluations').values(rows.slice(i, i + 200)).returningAll().execute()));
  return stored;
}

export function evaluationsOf(q: Queryable, runId: string, limit: number): Promise<EvaluationRow[]> {
  return q.db.selectFrom('evaluations').selectAll().where('run_id', '=', runId).orderBy('seq').limit(limit).execute();
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

export function datapointExistsIn(q: Queryable, datasetSeq: number, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([] as { id: string; seq: number }[]);
  return q.db.selectFrom('datapoints').select(['id', 'seq']).distinct().where('dataset_seq', '=', datasetSeq).where('id', 'in', ids).execute();
}

export interface AccessQuery {
  /** Only datasets of these types (native type names). */
  types?: string[];
  /** Leave out datasets whose type is marked proprietary. */
  nonProprietary?: boolean;
  /** true: accessible but not owned; false: owned; undefined: all accessible. */
  shared?: boolean;
}

function accessibleDatasets(q: Queryable, viewer: Viewer, query: AccessQuery) {
  let base = q.db.selectFrom('datasets').where((eb) => accessible(eb, viewer));
  if (query.types !== undefined) base = base.where('datasets.type', 'in', query.types);
  if (query.nonProprietary) {
    base = base.where((eb) =>
      eb.not(eb.exists(eb.selectFrom('dataset_types').select('seq').where('proprietary', '=', 1).where(sql`lower(dataset_types.name)`, '=', eb.ref('datasets.type')))),
    );
  }
  if (query.shared === false) base = base.where((eb) => owned(eb, viewer));
  if (query.shared === true) base = base.where((eb) => notExpr(owned(eb, viewer)));
  return base;
}

/** A page (by offset, newest first) of what the viewer can see, each row carrying the total. */
export function pageAccessible(q: Queryable, viewer: Viewer, query: AccessQuery, offset: number, limit: number): Promise<(DatasetRow & { total: number })[]> {
  return accessibleDatasets(q, viewer, query)
    .selectAll('datasets')
    .select((eb) => eb.fn.countAll<number>().over().as('total'))
    .orderBy('datasets.created_at', 'desc')
    .orderBy('datasets.seq', 'desc')
    .offset(offset)
    .limit(limit)
    .execute();
}

export async function countAccessible(q: Queryable, viewer: Viewer, query: AccessQuery): Promise<number> {
  const row = await accessibleDatasets(q, viewer, query).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findAccessibleBySeq(q: Queryable, viewer: Viewer, seq: number): Promise<DatasetRow | undefined> {
  return accessibleDatasets(q, viewer, {}).selectAll('datasets').where('datasets.seq', '=', seq).executeTakeFirst();
}

export function isOwned(q: Queryable, viewer: Viewer, datasetId: string): Promise<boolean> {
  return q.db
    .selectFrom('datasets')
    .select('id')
    .where('id', '=', datasetId)
    .where((eb) => owned(eb, viewer))
    .executeTakeFirst()
    .then((r) => r !== undefined);
}
