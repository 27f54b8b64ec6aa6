import { sql } from 'kysely';
import type { Store } from '../store.js';
import type { Backlog } from './indexer.js';
import { rowVector } from './postgres-search.js';

interface BacklogRange {
  seq: number;
  dataset_seq: number;
  lo: number;
  hi: number;
}

/**
 * Indexes up to `limit` rows of the first backlog range no other instance holds, in one
 * transaction: their tsvectors, metadata and vocabulary, and the range shrunk past them
 * (or gone). A range is written by the same statement as its rows (a trigger), so it
 * becomes visible with them; `for update skip locked` gives each range to one instance
 * at a time, and rows two overlapping ranges share are written once. Resolves with
 * whether there was a range to work on.
 */
export function indexPostgresBatch(store: Store, limit: number): Promise<boolean> {
  return store.transaction(async ({ db }) => {
    const { rows: claimed } = await sql<BacklogRange>`select seq, dataset_seq, lo, hi from search_backlog
      order by seq limit 1 for update skip locked`.execute(db);
    const range = claimed[0];
    if (!range) return false;
    const { rows } = await sql<{ n: number; last: number | null }>`
      with batch as (
        select * from datapoints where dataset_seq = ${range.dataset_seq} and row_id between ${range.lo} and ${range.hi}
        order by row_id limit ${limit}
      ), indexed as (
        insert into search_text (row_id, dataset_seq, body, metadata)
        select row_id, dataset_seq, ${rowVector('batch')}, metadata::jsonb from batch
        on conflict (row_id) do nothing returning body
      ), words as (
        insert into search_words (word) select distinct w from indexed, unnest(tsvector_to_array(body)) w order by w
        on conflict do nothing
      )
      select count(*)::int as n, max(row_id) as last from batch`.execute(db);
    const { n, last } = rows[0];
    if (n < limit) await sql`delete from search_backlog where seq = ${range.seq}`.execute(db);
    else await sql`update search_backlog set lo = ${last! + 1} where seq = ${range.seq}`.execute(db);
    return true;
  });
}

/** Whether a round would find work (a backlog range, held by another instance or not), and the row id sequence's last value. */
export async function postgresBacklog(store: Store): Promise<Backlog> {
  const { rows } = await sql<{ waiting: boolean; written: number | null }>`select exists (select 1 from search_backlog) as waiting,
    pg_sequence_last_value(pg_get_serial_sequence('datapoints', 'row_id')::regclass) as written`.execute(store.db);
  return { waiting: rows[0].waiting, written: Number(rows[0].written ?? 0) };
}
