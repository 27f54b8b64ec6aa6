import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { IndexTerm, SearchTerm, TextSearch } from '../text-search.js';
import { bodyWords, holdsTerms, metadataKey, relevance } from './row-text.js';

/**
 * The embedded store's full-text search (migration 0016): a contentless FTS5 table
 * `search_text` keyed by row id, holding each row's distinct words (model/words.ts) and
 * a key per metadata scalar (row-text.ts), written behind the commits
 * (sqlite-indexing.ts). Rows past the indexed watermark are checked one by one by
 * TEXT_MATCHES, the same words in JavaScript; relevance is computed from the row alone.
 */

/** The row-by-row test and relevance, functions every connection of the store registers. */
const TEXT_MATCHES = 'datashelf_text_matches';
const TEXT_SCORE = 'datashelf_text_score';

/** Terms as the row-by-row test takes them: words, a prefix marked by `*`, space separated. */
const termsText = (terms: SearchTerm[]) => terms.map((t) => `${t.word}${t.prefix ? '*' : ''}`).join(' ');

const parsedTerms = new Map<string, SearchTerm[]>();
const TERMS_CACHED = 256;

function termsOf(text: string): SearchTerm[] {
  let terms = parsedTerms.get(text);
  if (!terms) {
    terms = text.split(' ').map((w) => (w.endsWith('*') ? { word: w.slice(0, -1), prefix: true } : { word: w, prefix: false }));
    if (parsedTerms.size >= TERMS_CACHED) parsedTerms.clear();
    parsedTerms.set(text, terms);
  }
  return terms;
}

/** A row's columns as SQLite hands them to a function: text, or null for no prompt. */
const rowWords = (input: unknown, expected: unknown, prompt: unknown) =>
  bodyWords(input as string, expected as string, prompt as string | null);

/** Makes the row-by-row test and relevance callable on a connection (the reader's and the writer's). */
export function registerSearchFunctions(db: BetterSqlite3.Database): void {
  const options = { deterministic: true };
  db.function(TEXT_MATCHES, options, (input, expected, prompt, terms) =>
    holdsTerms(rowWords(input, expected, prompt), termsOf(String(terms))) ? 1 : 0,
  );
  db.function(TEXT_SCORE, options, (input, expected, prompt, terms) =>
    relevance(rowWords(input, expected, prompt), termsOf(String(terms))),
  );
}

const quoted = (word: string) => `"${word.replace(/"/g, '""')}"`;

/** FTS5 query text for the terms, every one required; null when one of them matches no indexed word. */
function ftsQuery(terms: IndexTerm[]): string | null {
  const parts: string[] = [];
  for (const t of terms) {
    if (t.words === undefined) parts.push(`${quoted(t.word)}${t.prefix ? '*' : ''}`);
    else if (t.words.length === 0) return null;
    else parts.push(`(${t.words.map(quoted).join(' OR ')})`);
  }
  return parts.join(' AND ');
}

/** Rows at or below this row id are in the index; those above it are not yet. */
const INDEXED_THROUGH = sql<number>`(select indexed_through from search_progress)`;

/** Rows of the dataset the indexer has not reached. `+dataset_seq`: read by row id from the watermark, not the whole dataset. */
const unindexed = (datasetSeq: number) => sql`datapoints.row_id > ${INDEXED_THROUGH} and +datapoints.dataset_seq = ${datasetSeq}`;

/** Index hits of the dataset, read lazily from the word lists: a join, not IN, which would list every hit of every dataset first. */
const indexHits = (datasetSeq: number, query: string) =>
  sql`select search_text.rowid as row_id from search_text join datapoints d on d.row_id = search_text.rowid
    where search_text match ${query} and +d.dataset_seq = ${datasetSeq}`;

const onRow = (fn: string, terms: SearchTerm[]) =>
  sql`${sql.raw(fn)}(datapoints.input, datapoints.expected_output, datapoints.prompt, ${termsText(terms)})`;
const matches = (terms: SearchTerm[]) => sql<boolean>`${onRow(TEXT_MATCHES, terms)}`;

export const sqliteSearch: TextSearch = {
  matches,
  matchingRows: (datasetSeq, terms) => {
    const direct = sql`select datapoints.row_id from datapoints where ${unindexed(datasetSeq)} and ${matches(terms)}`;
    const query = ftsQuery(terms);
    return query === null ? sql`${direct}` : sql`${indexHits(datasetSeq, query)} union all ${direct}`;
  },
  score: (terms) => sql<number>`${onRow(TEXT_SCORE, terms)}`,
  metadataRows: (datasetSeq, path, value) =>
    sql`${indexHits(datasetSeq, quoted(metadataKey(path, value)))}
      union all select datapoints.row_id from datapoints where ${unindexed(datasetSeq)}`,
  unindexedFrom: (datasetSeq) => sql<number | null>`(select min(version) from search_marks where search_marks.dataset_seq = ${datasetSeq})`,
};
