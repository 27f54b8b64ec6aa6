import { sql } from 'kysely';
import type { DatapointRecord, Version } from '../model/datapoints.js';
import { LIVE, toRecord, toRow, type DatapointWrite } from './datapoint-rows.js';
import type { Queryable, Tx } from './store.js';

/** A dataset as its commits need it: its internal sequence number and its public id. */
export interface DatasetRef {
  seq: number;
  id: string;
}

/**
 * Moves a live dataset's head one version on and returns the new head. With `base`,
 * only when the head still equals it; never while a version is being staged (see
 * stages.ts). The row lock this takes serialises commits to one dataset.
 */
export async function advanceHead(
  tx: Tx,
  datasetSeq: number,
  base: number | null,
  at: string,
): Promise<{ head_version: number; datapoint_count: number } | undefined> {
  let query = tx.db
    .updateTable('datasets')
    .set((eb) => ({ head_version: eb('head_version', '+', 1), updated_at: at }))
    .where('seq', '=', datasetSeq)
    .where('deleted_at', 'is', null)
    .where('staged_version', 'is', null);
  if (base !== null) query = query.where('head_version', '=', base);
  return query.returning(['head_version', 'datapoint_count']).executeTakeFirst();
}

/** Why a head could not move: the dataset's head, the version being staged, and whether it is deleted (undefined: no such dataset). */
export async function headState(
  q: Queryable,
  datasetSeq: number,
): Promise<{ head_version: number; staged_version: number | null; deleted: boolean } | undefined> {
  const row = await q.db
    .selectFrom('datasets')
    .select(['head_version', 'staged_version', 'deleted_at'])
    .where('seq', '=', datasetSeq)
    .executeTakeFirst();
  return row && { head_version: row.head_version, staged_version: row.staged_version, deleted: row.deleted_at !== null };
}

export async function setDatapointCount(tx: Tx, datasetSeq: number, count: number): Promise<void> {
  await tx.db.updateTable('datasets').set({ datapoint_count: count }).where('seq', '=', datasetSeq).execute();
}

/**
 * Ends the dataset's live datapoints from before `version` at it (all of them, or at
 * most `limit`, for a caller working in slices); returns how many it ended.
 */
export async function closeAllLive(tx: Tx, datasetSeq: number, version: number, limit?: number): Promise<number> {
  let query = tx.db.updateTable('datapoints').set({ valid_to: version });
  if (limit === undefined) {
    query = query.where('dataset_seq', '=', datasetSeq).where('valid_to', '=', LIVE).where('valid_from', '<', version);
  } else {
    const slice = sql<number>`(select row_id from datapoints where dataset_seq = ${datasetSeq} and valid_to = ${LIVE} and valid_from < ${version} limit ${limit})`;
    query = query.where('row_id', 'in', slice);
  }
  return Number((await query.executeTakeFirst()).numUpdatedRows);
}

/**
 * Ends, at `version`, up to `limit` live datapoints older than it that are in any of
 * `splits` (a replace of those splits alone); returns how many.
 */
export async function closeLiveInSplits(tx: Tx, datasetSeq: number, version: number, splits: string[], limit: number): Promise<number> {
  if (splits.length === 0) return 0;
  const inSplits = sql`exists (select 1 from ${tx.dialect.arrayElements('d', 'splits')} where ${tx.dialect.oneOf(sql.ref('e.value'), splits)})`;
  const slice = sql<number>`(select d.row_id from datapoints d where d.dataset_seq = ${datasetSeq} and d.valid_to = ${LIVE} and d.valid_from < ${version} and ${inSplits} limit ${limit})`;
  const result = await tx.db.updateTable('datapoints').set({ valid_to: version }).where('row_id', 'in', slice).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Ends, at `version`, every live datapoint older than it whose sequence number is not
 * among `kept` (a sync: what the file did not name); returns how many. `kept` travels
 * as one parameter, so a million sequence numbers make one statement.
 */
export async function closeLiveExcept(tx: Tx, datasetSeq: number, version: number, kept: number[]): Promise<number> {
  const result = await tx.db
    .updateTable('datapoints')
    .set({ valid_to: version })
    .where('dataset_seq', '=', datasetSeq)
    .where('valid_to', '=', LIVE)
    .where('valid_from', '<', version)
    .where((eb) => eb.not(tx.dialect.oneOf(eb.ref('seq'), kept)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * "Live", written so the planner looks datapoints up by id: given `valid_to = LIVE` as
 * an index term, SQLite (without statistics) walks every live row of the dataset instead.
 */
const liveById = sql<boolean>`+valid_to = ${LIVE}`;

/** Ends these live datapoints at `version`; returns the ids that were live. */
export async function closeLive(tx: Tx, datasetSeq: number, version: number, ids: string[]): Promise<string[]> {
  const closed: string[] = [];
  for (const chunk of chunks(ids)) {
    const rows = await tx.db
      .updateTable('datapoints')
      .set({ valid_to: version })
      .where('dataset_seq', '=', datasetSeq)
      .where(liveById)
      .where('id', 'in', chunk)
      .returning('id')
      .execute();
    closed.push(...rows.map((r) => r.id));
  }
  return closed;
}

/** The head version's content of these datapoints (those that are live). */
export async function liveByIds(q: Queryable, datasetSeq: number, ids: string[]): Promise<DatapointRecord[]> {
  const found: DatapointRecord[] = [];
  for (const chunk of chunks(ids)) {
    const rows = await q.db
      .selectFrom('datapoints')
      .selectAll()
      .where('dataset_seq', '=', datasetSeq)
      .where(liveById)
      .where('id', 'in', chunk)
      .execute();
    found.push(...rows.map(toRecord));
  }
  return found;
}

export async function maxLiveOrder(q: Queryable, datasetSeq: number): Promise<number | null> {
  const row = await q.db
    .selectFrom('datapoints')
    .select('ord')
    .where('dataset_seq', '=', datasetSeq)
    .where('valid_to', '=', LIVE)
    .orderBy('ord', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? row.ord : null;
}

/** Writes datapoint content visible from `version` on, at the driver's bulk speed. */
export function writeDatapoints(tx: Tx, datasetSeq: number, version: number, writes: DatapointWrite[]): Promise<void> {
  return tx.insertDatapoints(writes.map((w) => toRow(datasetSeq, version, w)));
}

export async function insertVersion(tx: Tx, dataset: DatasetRef, version: Version): Promise<void> {
  const { dataset_id: _id, ...row } = version;
  await tx.db
    .insertInto('dataset_versions')
    .values({ dataset_seq: dataset.seq, ...row })
    .execute();
}

export async function listVersions(q: Queryable, dataset: DatasetRef, before: number | null, limit: number): Promise<Version[]> {
  let query = q.db
    .selectFrom('dataset_versions')
    .selectAll()
    .where('dataset_seq', '=', dataset.seq)
    .orderBy('version', 'desc')
    .limit(limit);
  if (before !== null) query = query.where('version', '<', before);
  const rows = await query.execute();
  return rows.map(({ dataset_seq: _seq, ...row }) => ({ dataset_id: dataset.id, ...row }));
}

export async function findVersion(q: Queryable, dataset: DatasetRef, version: number): Promise<Version | undefined> {
  const row = await q.db
    .selectFrom('dataset_versions')
    .selectAll()
    .where('dataset_seq', '=', dataset.seq)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) return undefined;
  const { dataset_seq: _seq, ...rest } = row;
  return { dataset_id: dataset.id, ...rest };
}

/** The version that was the head at `at`: the last committed at or before it (0 when none was). */
export async function versionAsOf(q: Queryable, datasetSeq: number, at: string): Promise<number> {
  const row = await q.db
    .selectFrom('dataset_versions')
    .select('version')
    .where('dataset_seq', '=', datasetSeq)
    .where('created_at', '<=', at)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.version ?? 0;
}

/** The sequence numbers of datapoints these ids named in earlier versions (none of them live). */
export async function pastSeqs(q: Queryable, datasetSeq: number, ids: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const chunk of chunks(ids)) {
    const rows = await q.db
      .selectFrom('datapoints')
      .select(['id', (eb) => eb.fn.max('seq').as('seq')])
      .where('dataset_seq', '=', datasetSeq)
      .where('id', 'in', chunk)
      .groupBy('id')
      .execute();
    for (const r of rows) found.set(r.id, Number(r.seq));
  }
  return found;
}

/** Splits id lists so no statement carries more parameters than a driver allows. */
export function* chunks<T>(items: T[], size = 500): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
