import { sql } from 'kysely';
import type { DatapointRecord } from '../model/datapoints.js';
import { LIVE, toRecord } from './datapoint-rows.js';
import type { Queryable, Tx } from './store.js';
import { chunks } from './versions.js';

/** The live datapoints a batch of import rows names, by id and by external id. */
export async function liveByKeys(tx: Tx, datasetSeq: number, ids: string[], externalIds: string[]): Promise<DatapointRecord[]> {
  const rows = [...(await tx.liveRowsByKey(datasetSeq, 'id', ids)), ...(await tx.liveRowsByKey(datasetSeq, 'external_id', externalIds))];
  return rows.map(toRecord);
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
 * A scratch table, private to the transaction, of the live datapoints an upsert met:
 * what lets it refuse a datapoint named twice and, in sync mode, delete the ones not
 * named at all, without holding a million keys in memory.
 */
export async function openSeen(tx: Tx): Promise<void> {
  if (tx.dialect.name === 'postgres') {
    await sql`create temporary table if not exists import_seen (seq bigint primary key) on commit drop`.execute(tx.db);
  } else {
    await sql`create temporary table if not exists import_seen (seq integer primary key)`.execute(tx.db);
  }
  await sql`delete from import_seen`.execute(tx.db);
}

/** Records datapoints as met; returns those met before (named twice). */
export async function markSeen(tx: Tx, seqs: number[]): Promise<Set<number>> {
  const fresh = new Set<number>();
  for (const chunk of chunks(seqs)) {
    const { rows } = await sql<{
      seq: number;
    }>`insert into import_seen (seq) values ${sql.join(chunk.map((s) => sql`(${s})`))} on conflict do nothing returning seq`.execute(tx.db);
    for (const r of rows) fresh.add(Number(r.seq));
  }
  return new Set(seqs.filter((s) => !fresh.has(s)));
}

/** Ends, at `version`, every live datapoint older than it that the import did not meet; returns how many. */
export async function closeUnseen(tx: Tx, datasetSeq: number, version: number): Promise<number> {
  const result = await tx.db
    .updateTable('datapoints')
    .set({ valid_to: version })
    .where('dataset_seq', '=', datasetSeq)
    .where('valid_to', '=', LIVE)
    .where('valid_from', '<', version)
    .where('seq', 'not in', sql<number>`(select seq from import_seen)`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
