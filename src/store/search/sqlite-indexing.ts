import { sql } from 'kysely';
import type { Store } from '../store.js';
import type { Backlog } from './indexer.js';
import { bodyWords, metadataKeys } from './row-text.js';

/** The row id the table's next insert goes past (AUTOINCREMENT never reuses one). */
const LAST_ROW_ID = sql<number>`coalesce((select seq from sqlite_sequence where name = 'datapoints'), 0)`;

/**
 * Indexes the next `limit` rows past the watermark, in one write transaction: their
 * words, metadata keys and vocabulary, and the watermark moved over them. Rows are read
 * in row-id order; one writer at a time and AUTOINCREMENT make that commit order, so
 * every row at or below the watermark is indexed and none above it is. Versions whose
 * heads moved since the last round (search_marks) are stamped with the last row id
 * then: all their rows are at or below it, so they are indexed once the watermark
 * reaches it. Resolves with whether there was anything to do.
 */
export function indexSqliteBatch(store: Store, limit: number): Promise<boolean> {
  return store.transaction(async ({ db }) => {
    const stamped = await sql`update search_marks set through = ${LAST_ROW_ID} where through is null`.execute(db);
    const { rows: progress } = await sql<{ through: number }>`select indexed_through as through from search_progress`.execute(db);
    const from = progress[0].through;
    const rows = await db
      .selectFrom('datapoints')
      .select(['row_id', 'input', 'expected_output', 'prompt', 'metadata'])
      .where('row_id', '>', from)
      .orderBy('row_id')
      .limit(limit)
      .execute();
    const vocabulary = new Set<string>();
    const entries = rows.map((r) => {
      const words = new Set(bodyWords(r.input, r.expected_output, r.prompt));
      for (const w of words) vocabulary.add(w);
      return [r.row_id, [...words, ...metadataKeys(r.metadata)].join(' ')];
    });
    // One statement per batch, its rows as one JSON parameter.
    if (entries.length) {
      await sql`insert into search_text (rowid, words) select value ->> 0, value ->> 1 from json_each(${JSON.stringify(entries)})`.execute(
        db,
      );
      await sql`insert or ignore into search_words (word) select value from json_each(${JSON.stringify([...vocabulary])})`.execute(db);
    }
    // A short batch read every row there is: the watermark may pass rows deleted before they were reached.
    const through = rows.length < limit ? sql<number>`max(${LAST_ROW_ID}, ${from})` : sql<number>`${rows[rows.length - 1].row_id}`;
    await sql`update search_progress set indexed_through = ${through}`.execute(db);
    const cleared = await sql`delete from search_marks where through <= (select indexed_through from search_progress)`.execute(db);
    return rows.length > 0 || Number(stamped.numAffectedRows) > 0 || Number(cleared.numAffectedRows) > 0;
  });
}

/** Whether a round would find work (rows past the watermark, versions not yet known indexed), and the last row id. */
export async function sqliteBacklog(store: Store): Promise<Backlog> {
  const { rows } = await sql<{ waiting: number; written: number }>`select
    exists (select 1 from search_marks) or exists (select 1 from datapoints where row_id > (select indexed_through from search_progress)) as waiting,
    ${LAST_ROW_ID} as written`.execute(store.db);
  return { waiting: Boolean(rows[0].waiting), written: Number(rows[0].written) };
}
