import { sql } from 'kysely';
import type { Queryable } from './store.js';
import { likePattern } from './datasets.js';
import { visibleAt } from './datapoint-rows.js';

/** An experiment as stored: its run's fields and its own. */
export interface ExperimentRecord {
  id: string;
  seq: number;
  name: string;
  description: string | null;
  metadata: Record<string, unknown>;
  dataset_id: string;
  dataset_version: number;
  started_at: string;
  finished_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ExperimentFilter {
  name?: string;
  /** Substring of the name, case-insensitive, wildcards literal. */
  nameContains?: string;
  ids?: string[];
  datasetId?: string;
}

export type ExperimentKey = { id: string } | { name: string };

function joined(q: Queryable, projectId: string) {
  return q.db
    .selectFrom('experiments as e')
    .innerJoin('runs as r', 'r.id', 'e.run_id')
    .where('e.project_id', '=', projectId)
    .select([
      'r.id',
      'r.seq',
      'e.name',
      'e.description',
      'e.metadata',
      'r.dataset_id',
      'r.dataset_version',
      'r.started_at',
      'r.finished_at',
      'e.created_at',
      'e.updated_at',
    ]);
}

const toExperiment = (row: Omit<ExperimentRecord, 'metadata'> & { metadata: string }): ExperimentRecord => ({
  ...row,
  seq: Number(row.seq),
  metadata: JSON.parse(row.metadata) as Record<string, unknown>,
});

export async function insertExperiment(
  q: Queryable,
  row: { run_id: string; project_id: string; name: string; description: string | null; metadata: object; at: string },
): Promise<void> {
  const { at, metadata, ...rest } = row;
  await q.db
    .insertInto('experiments')
    .values({ ...rest, metadata: JSON.stringify(metadata), created_at: at, updated_at: at })
    .execute();
}

export async function findExperiment(q: Queryable, projectId: string, key: ExperimentKey): Promise<ExperimentRecord | undefined> {
  const query = 'id' in key ? joined(q, projectId).where('e.run_id', '=', key.id) : joined(q, projectId).where('e.name', '=', key.name);
  const row = await query.executeTakeFirst();
  return row && toExperiment(row);
}

/** The project's experiments by id or name among these, for routing what clients send about their runs. */
export async function experimentsAmong(q: Queryable, projectId: string, ids: string[], names: string[]): Promise<ExperimentRecord[]> {
  if (ids.length === 0 && names.length === 0) return [];
  const rows = await joined(q, projectId)
    .where((eb) => eb.or([...(ids.length ? [eb('e.run_id', 'in', ids)] : []), ...(names.length ? [eb('e.name', 'in', names)] : [])]))
    .execute();
  return rows.map(toExperiment);
}

/** A page by offset, newest first; experiments are few per project, as datasets are. */
export async function pageExperiments(
  q: Queryable,
  projectId: string,
  filter: ExperimentFilter,
  offset: number,
  limit: number,
): Promise<ExperimentRecord[]> {
  let query = joined(q, projectId);
  if (filter.name !== undefined) query = query.where('e.name', '=', filter.name);
  if (filter.nameContains !== undefined)
    query = query.where(sql<boolean>`lower(e.name) like ${likePattern(filter.nameContains.toLowerCase())} escape '\\'`);
  if (filter.ids !== undefined) query = filter.ids.length ? query.where('e.run_id', 'in', filter.ids) : query.where(sql<boolean>`1 = 0`);
  if (filter.datasetId !== undefined) query = query.where('r.dataset_id', '=', filter.datasetId);
  const rows = await query.orderBy('r.seq', 'desc').offset(offset).limit(limit).execute();
  return rows.map(toExperiment);
}

export async function updateExperiment(
  q: Queryable,
  runId: string,
  change: { name?: string; description?: string | null; metadata?: object; updated_at: string },
): Promise<void> {
  const { metadata, ...rest } = change;
  await q.db
    .updateTable('experiments')
    .set({ ...rest, ...(metadata !== undefined && { metadata: JSON.stringify(metadata) }) })
    .where('run_id', '=', runId)
    .execute();
  if (change.name !== undefined) await q.db.updateTable('runs').set({ alias: change.name }).where('id', '=', runId).execute();
}

/**
 * Marks the experiment as being written, which on PostgreSQL holds its row lock until
 * the transaction ends: what two requests send about one experiment is then settled
 * one after the other, each seeing what the other wrote.
 */
export async function lockExperiment(q: Queryable, runId: string, at: string): Promise<void> {
  await q.db.updateTable('experiments').set({ updated_at: at }).where('run_id', '=', runId).execute();
}

/** Points the experiment's run at another version of its dataset. */
export async function repinRun(q: Queryable, runId: string, version: number, at: string): Promise<void> {
  await q.db.updateTable('runs').set({ dataset_version: version, updated_at: at }).where('id', '=', runId).execute();
}

/** Whether every item of the run is a datapoint of this version of its dataset. */
export async function itemsAllIn(q: Queryable, runId: string, datasetSeq: number, version: number): Promise<boolean> {
  const { rows } = await sql<{ missing: number | string }>`select count(*) as missing from run_items i
    where i.run_id = ${runId} and not exists (select 1 from datapoints d where d.seq = i.datapoint_seq
      and +d.dataset_seq = ${datasetSeq} and ${visibleAt(version, 'd')})`.execute(q.db);
  return Number(rows[0]?.missing ?? 0) === 0;
}

export interface PendingRow {
  seq: number;
  kind: string;
  payload: unknown;
}

export async function addPending(q: Queryable, rows: { run_id: string; kind: string; payload: unknown; created_at: string }[]) {
  if (rows.length === 0) return;
  await q.db
    .insertInto('experiment_pending')
    .values(rows.map((r) => ({ ...r, payload: JSON.stringify(r.payload) })))
    .execute();
}

/** What still waits for the experiment, oldest first, keyset after `afterSeq`. */
export async function pendingOf(q: Queryable, runId: string, afterSeq: number, limit: number): Promise<PendingRow[]> {
  const rows = await q.db
    .selectFrom('experiment_pending')
    .select(['seq', 'kind', 'payload'])
    .where('run_id', '=', runId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: Number(r.seq), kind: r.kind, payload: JSON.parse(r.payload) as unknown }));
}

export async function settlePending(q: Queryable, seqs: number[]): Promise<void> {
  if (seqs.length === 0) return;
  await q.db.deleteFrom('experiment_pending').where('seq', 'in', seqs).execute();
}

/** Forgets what has waited since before `before` (a scan: the table holds only what is still unplaced); returns how many. */
export async function dropPendingBefore(q: Queryable, before: string): Promise<number> {
  const result = await q.db.deleteFrom('experiment_pending').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The items of a run written for these traces (the client's run ids), with their datapoints. */
export async function itemsByTrace(
  q: Queryable,
  runId: string,
  traceIds: string[],
): Promise<{ trace_id: string; datapoint_seq: number; datapoint_id: string }[]> {
  if (traceIds.length === 0) return [];
  const rows = await q.db
    .selectFrom('run_items')
    .select(['trace_id', 'datapoint_seq', 'datapoint_id'])
    .where('run_id', '=', runId)
    .where('trace_id', 'in', traceIds)
    .execute();
  return rows.map((r) => ({ trace_id: r.trace_id!, datapoint_seq: Number(r.datapoint_seq), datapoint_id: r.datapoint_id }));
}
