import type { Queryable, Tx } from './store.js';
import { LIVE } from './store.js';
import type { DatapointTable, DatasetVersionTable } from './schema.js';

export type VersionRow = DatasetVersionTable;
export type DatapointRow = Omit<DatapointTable, 'row_id'> & { row_id: number };

/**
 * Moves a live dataset's head one version on and returns the new head. With `base`,
 * only when the head still equals it. The row lock this takes serialises commits to one dataset.
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
    .where('deleted_at', 'is', null);
  if (base !== null) query = query.where('head_version', '=', base);
  return query.returning(['head_version', 'datapoint_count']).executeTakeFirst();
}

export async function setDatapointCount(tx: Tx, datasetSeq: number, count: number): Promise<void> {
  await tx.db.updateTable('datasets').set({ datapoint_count: count }).where('seq', '=', datasetSeq).execute();
}

/** Ends every live row of the dataset at `version`; returns how many there were. */
export async function closeAllLive(tx: Tx, datasetSeq: number, version: number): Promise<number> {
  const result = await tx.db
    .updateTable('datapoints')
    .set({ valid_to: version })
    .where('dataset_seq', '=', datasetSeq)
    .where('valid_to', '=', LIVE)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Ends the live rows of these datapoints at `version`; returns the ids that were live. */
export async function closeLive(tx: Tx, datasetSeq: number, version: number, ids: string[]): Promise<string[]> {
  const closed: string[] = [];
  for (const chunk of chunks(ids)) {
    const rows = await tx.db
      .updateTable('datapoints')
      .set({ valid_to: version })
      .where('dataset_seq', '=', datasetSeq)
      .where('valid_to', '=', LIVE)
      .where('id', 'in', chunk)
      .returning('id')
      .execute();
    closed.push(...rows.map((r) => r.id));
  }
  return closed;
}

export async function liveRowsByIds(q: Queryable, datasetSeq: number, ids: string[]): Promise<DatapointRow[]> {
  const found: DatapointRow[] = [];
  for (const chunk of chunks(ids)) {
    found.push(
      ...(await q.db
        .selectFrom('datapoints')
        .selectAll()
        .where('dataset_seq', '=', datasetSeq)
        .where('valid_to', '=', LIVE)
        .where('id', 'in', chunk)
        .execute()),
    );
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

export async function insertVersion(tx: Tx, row: VersionRow): Promise<void> {
  await tx.db.insertInto('dataset_versions').values(row).execute();
}

export function listVersions(q: Queryable, datasetSeq: number, before: number | null, limit: number): Promise<VersionRow[]> {
  let query = q.db
    .selectFrom('dataset_versions')
    .selectAll()
    .where('dataset_seq', '=', datasetSeq)
    .orderBy('version', 'desc')
    .limit(limit);
  if (before !== null) query = query.where('version', '<', before);
  return query.execute();
}

export function findVersion(q: Queryable, datasetSeq: number, version: number): Promise<VersionRow | undefined> {
  return q.db
    .selectFrom('dataset_versions')
    .selectAll()
    .where('dataset_seq', '=', datasetSeq)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** Splits id lists so no statement carries more parameters than a driver allows. */
function* chunks<T>(items: T[], size = 500): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
