import type { Selectable } from 'kysely';
import type { DatasetType, Metric } from '../model/evals.js';
import type { DatasetTypeTable } from './schema.js';
import type { Queryable } from './store.js';

/** A dataset type as stored, with the native dataset type name it stands for. */
export interface DatasetTypeRecord extends DatasetType {
  native: string;
}

/** An evaluation type named `FOO_BAR` is the native dataset type `foo_bar`. */
export const nativeType = (typeName: string) => typeName.toLowerCase();

const toType = (row: Selectable<DatasetTypeTable>): DatasetTypeRecord => ({
  id: row.seq,
  name: row.name,
  label: row.label,
  description: row.description,
  proprietary: row.proprietary === 1,
  native: nativeType(row.name),
});

export async function insertDatasetType(q: Queryable, type: Omit<DatasetType, 'id'> & { created_at: string }): Promise<DatasetTypeRecord> {
  const row = await q.db
    .insertInto('dataset_types')
    .values({ ...type, proprietary: type.proprietary ? 1 : 0 })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toType(row);
}

/** Every dataset type; they are few (an instance's vocabulary), so one bounded read. */
export async function listDatasetTypes(q: Queryable, limit: number): Promise<DatasetTypeRecord[]> {
  return (await q.db.selectFrom('dataset_types').selectAll().orderBy('seq').limit(limit).execute()).map(toType);
}

const METRIC_COLUMNS = ['id', 'seq', 'name', 'description', 'created_at'] as const;

export async function insertMetric(q: Queryable, metric: Omit<Metric, 'seq'> & { project_id: string }): Promise<Metric> {
  return q.db.insertInto('metrics').values(metric).returning(METRIC_COLUMNS).executeTakeFirstOrThrow();
}

/** The ids of the project's metrics with these names, making those that do not exist yet (a race for one name makes it once). */
export async function metricIdsNamed(
  q: Queryable,
  projectId: string,
  names: string[],
  make: (name: string) => Omit<Metric, 'seq'> & { project_id: string },
): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  await q.db
    .insertInto('metrics')
    .values(names.map(make))
    .onConflict((oc) => oc.columns(['project_id', 'name']).doNothing())
    .execute();
  const rows = await q.db
    .selectFrom('metrics')
    .select(['id', 'name'])
    .where('project_id', '=', projectId)
    .where('name', 'in', names)
    .execute();
  return new Map(rows.map((r) => [r.name, r.id]));
}

export function listMetrics(q: Queryable, projectId: string, afterSeq: number | null, limit: number): Promise<Metric[]> {
  let query = q.db.selectFrom('metrics').select(METRIC_COLUMNS).where('project_id', '=', projectId).orderBy('seq').limit(limit);
  if (afterSeq !== null) query = query.where('seq', '>', afterSeq);
  return query.execute();
}

export async function metricsByIds(q: Queryable, projectId: string, ids: string[]): Promise<Metric[]> {
  if (ids.length === 0) return [];
  return q.db.selectFrom('metrics').select(METRIC_COLUMNS).where('project_id', '=', projectId).where('id', 'in', ids).execute();
}
