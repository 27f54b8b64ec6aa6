import { sql } from 'kysely';
import { LIVE } from './datapoint-rows.js';
import type { Queryable, Tx } from './store.js';

/** A version being staged (see migration 0018): the dataset, the version, its writer. */
export interface Stage {
  datasetSeq: number;
  version: number;
  by: string;
}

/**
 * Claims the next version of a live dataset for a staged writer; with `base`, only while
 * the head is still that version. Undefined when the dataset is gone, another writer
 * stages already, or the head moved (see headState for which).
 */
export async function openStage(
  tx: Tx,
  datasetSeq: number,
  base: number | null,
  by: string,
  at: string,
): Promise<{ version: number; datapoint_count: number } | undefined> {
  let query = tx.db
    .updateTable('datasets')
    .set((eb) => ({ staged_version: eb('head_version', '+', 1), staged_by: by, staged_at: at }))
    .where('seq', '=', datasetSeq)
    .where('deleted_at', 'is', null)
    .where('staged_version', 'is', null);
  if (base !== null) query = query.where('head_version', '=', base);
  const row = await query.returning(['staged_version', 'datapoint_count']).executeTakeFirst();
  return row ? { version: row.staged_version!, datapoint_count: row.datapoint_count } : undefined;
}

/** Whether `by` still stages this live dataset's version, noting that it is alive; every staged write checks it first. */
export async function touchStage(tx: Tx, stage: Stage, at: string): Promise<boolean> {
  const result = await tx.db
    .updateTable('datasets')
    .set({ staged_at: at })
    .where('seq', '=', stage.datasetSeq)
    .where('staged_by', '=', stage.by)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Makes the staged version the head, with its count; false when the stage is no longer this writer's or the dataset is gone. */
export async function publishStage(tx: Tx, stage: Stage, count: number, at: string): Promise<boolean> {
  const result = await tx.db
    .updateTable('datasets')
    .set({ head_version: stage.version, datapoint_count: count, staged_version: null, staged_by: null, staged_at: null, updated_at: at })
    .where('seq', '=', stage.datasetSeq)
    .where('staged_by', '=', stage.by)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Hands a stage from a writer that stopped to `by` (who will take its rows out); false when someone else did first. */
export async function takeStage(tx: Tx, stage: Stage, by: string, at: string): Promise<boolean> {
  const result = await tx.db
    .updateTable('datasets')
    .set({ staged_by: by, staged_at: at })
    .where('seq', '=', stage.datasetSeq)
    .where('staged_by', '=', stage.by)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends a stage whose rows are gone: the dataset takes commits again. */
export async function endStage(tx: Tx, stage: Stage): Promise<void> {
  await tx.db
    .updateTable('datasets')
    .set({ staged_version: null, staged_by: null, staged_at: null })
    .where('seq', '=', stage.datasetSeq)
    .where('staged_by', '=', stage.by)
    .execute();
}

/** Stages whose writer last showed itself alive before `before` (every stage, given the far future). */
export async function stalledStages(q: Queryable, before: string): Promise<Stage[]> {
  const rows = await q.db
    .selectFrom('datasets')
    .select(['seq', 'staged_version', 'staged_by'])
    .where('staged_version', 'is not', null)
    .where('staged_at', '<', before)
    .execute();
  return rows.map((r) => ({ datasetSeq: r.seq, version: r.staged_version!, by: r.staged_by! }));
}

/** The versioned tables a stage writes: its datapoints, and its files. */
const STAGED_TABLES = ['datapoints', 'dataset_files'] as const;

/**
 * Takes up to `limit` of a stage's rows back out: first the rows it wrote (deleted),
 * then, once none are left, the rows it closed (live again; after the deletes, since a
 * path has one live file). Returns how many it touched: 0 when the dataset is as it was
 * before the stage.
 */
export async function unstageRows(tx: Tx, stage: Stage, limit: number): Promise<number> {
  for (const table of STAGED_TABLES) {
    const written = sql<number>`(select row_id from ${sql.table(table)} where dataset_seq = ${stage.datasetSeq} and valid_from = ${stage.version} limit ${limit})`;
    const deleted = await tx.db.deleteFrom(table).where('row_id', 'in', written).executeTakeFirst();
    if (Number(deleted.numDeletedRows) > 0) return Number(deleted.numDeletedRows);
  }
  for (const table of STAGED_TABLES) {
    const closed = sql<number>`(select row_id from ${sql.table(table)} where dataset_seq = ${stage.datasetSeq} and valid_to = ${stage.version} limit ${limit})`;
    const reopened = await tx.db.updateTable(table).set({ valid_to: LIVE }).where('row_id', 'in', closed).executeTakeFirst();
    if (Number(reopened.numUpdatedRows) > 0) return Number(reopened.numUpdatedRows);
  }
  return 0;
}
