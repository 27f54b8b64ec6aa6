import { sql } from 'kysely';
import type { DatapointRecord } from '../model/datapoints.js';
import { LIVE, toRecord, type DatapointRow } from './datapoint-rows.js';
import type { Queryable, Tx } from './store.js';
import { chunks } from './versions.js';

/** What an upsert needs to know of a live datapoint to match a row to it and tell whether it changed. */
export type LiveKey = Pick<DatapointRow, 'id' | 'seq' | 'external_id' | 'valid_from' | 'source_hash'>;
const KEY_COLUMNS = ['id', 'seq', 'external_id', 'valid_from', 'source_hash'] as const;

/** The live datapoints whose id or external id is among these, as keys only. */
export async function liveKeys(tx: Tx, datasetSeq: number, ids: string[], externalIds: string[]): Promise<LiveKey[]> {
  return [
    ...(await tx.liveRowsByKey(datasetSeq, 'id', ids, KEY_COLUMNS)),
    ...(await tx.liveRowsByKey(datasetSeq, 'external_id', externalIds, KEY_COLUMNS)),
  ];
}

/** The live datapoints an import wrote from rows with these source hashes (several may share one). */
export function liveBySourceHash(tx: Tx, datasetSeq: number, hashes: string[]): Promise<LiveKey[]> {
  return tx.liveRowsByKey(datasetSeq, 'source_hash', hashes, KEY_COLUMNS);
}

/** The live datapoints with these ids, whole. */
export async function liveByIds(tx: Tx, datasetSeq: number, ids: string[]): Promise<DatapointRecord[]> {
  return (await tx.liveRowsByKey(datasetSeq, 'id', ids)).map(toRecord);
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

/**
 * Ends, at `version`, every live datapoint older than it that is not among `seen` (sync:
 * what the file did not name); returns how many. `seen` travels as one parameter, so a
 * million sequence numbers make one statement.
 */
export async function closeUnseen(tx: Tx, datasetSeq: number, version: number, seen: number[]): Promise<number> {
  const kept =
    tx.dialect.name === 'postgres'
      ? sql<number>`(select unnest(${seen}::bigint[]))`
      : sql<number>`(select value from json_each(${JSON.stringify(seen)}))`;
  const result = await tx.db
    .updateTable('datapoints')
    .set({ valid_to: version })
    .where('dataset_seq', '=', datasetSeq)
    .where('valid_to', '=', LIVE)
    .where('valid_from', '<', version)
    .where('seq', 'not in', kept)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
