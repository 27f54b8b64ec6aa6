import type { DatapointRecord } from '../model/datapoints.js';
import { toRecord, type DatapointRow } from './datapoint-rows.js';
import type { Tx } from './store.js';

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
