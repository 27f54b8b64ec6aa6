import { sql, type Expression, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Scalar } from '../model/telemetry.js';
import type { Database } from './schema.js';

/** One word of a full-text query, matched whole or, when `prefix`, as the start of a word. */
export interface SearchTerm {
  word: string;
  prefix: boolean;
}

/** Datapoint rows with a relevance `score`, best (lowest) first, to narrow and page further. */
export type RankedRows = SelectQueryBuilder<Database, 'datapoints', { score: number }>;

/**
 * The indexes over datapoint text (see migration 0013), as each store reaches them.
 * Every term must match; ranking is BM25 on SQLite (its corpus statistics move as rows
 * are added) and ts_rank on PostgreSQL (a function of the row and the query alone).
 */
export interface TextSearch {
  /** The row's text (input and expected_output strings, prompt) holds every term: checked row by row. */
  matches(terms: SearchTerm[]): Expression<SqlBool>;
  /** The same test, driven by the index: for counting matches, never to check rows one by one. */
  matching(terms: SearchTerm[]): Expression<SqlBool>;
  ranked(db: Kysely<Database>, terms: SearchTerm[]): RankedRows;
  /**
   * An index-served necessary condition for "metadata at `path` equals `value`", to be
   * checked exactly afterwards; null when the index cannot serve this value.
   */
  metadataEquals(path: string[], value: Scalar): Expression<SqlBool> | null;
}

/** FTS5 query text: each term a quoted string (so no word is read as syntax), ANDed. */
const ftsQuery = (terms: SearchTerm[]) => terms.map((t) => `"${t.word.replace(/"/g, '""')}"${t.prefix ? '*' : ''}`).join(' ');

const fts = (column: 'body' | 'meta', query: string) =>
  sql<boolean>`datapoints.row_id in (select rowid from datapoints_text where datapoints_text match ${`${column} : (${query})`})`;

/**
 * Letters (to the tokenizer) that glue a metadata path and its value into one word:
 * a separate path word would be on every row, and a phrase query reads whole word lists.
 */
export const PATH_JOINER = 'ǂ';
export const UNDERSCORE = 'ǀ';
export const HYPHEN = 'ǁ';
const pathWord = (path: string[]) => path.join(PATH_JOINER).replace(/_/g, UNDERSCORE).replace(/-/g, HYPHEN);

export const sqliteSearch: TextSearch = {
  // A rowid seek into the word lists per row: listing every match first costs a whole
  // list (a second for a word on every row) before the first row is read.
  matches: (terms) =>
    sql<boolean>`exists (select 1 from datapoints_text where datapoints_text match ${`body : (${ftsQuery(terms)})`} and rowid = datapoints.row_id)`,
  matching: (terms) => fts('body', ftsQuery(terms)),
  ranked: (db, terms) =>
    db
      .selectFrom('datapoints')
      .innerJoin(sql<{ rowid: number }>`datapoints_text`.as('datapoints_text'), (join) =>
        join.on(sql<boolean>`datapoints_text.rowid = datapoints.row_id`),
      )
      .where(sql<boolean>`datapoints_text match ${`body : (${ftsQuery(terms)})`}`)
      .select(sql<number>`bm25(datapoints_text)`.as('score')),
  metadataEquals: (path, value) => {
    // The trigger wrote each scalar as path, joiner, value; the same text, tokenized alike, must occur as a phrase.
    const stored = typeof value === 'number' && !Number.isSafeInteger(value) ? null : String(value);
    if (stored === null) return null;
    return fts('meta', `"${`${pathWord(path)}${PATH_JOINER}${stored}`.replace(/"/g, '""')}"`);
  },
};

/** The indexed expression of migration 0013, written identically so the planner matches it. */
const TSV = sql`(jsonb_to_tsvector('simple', input::jsonb, '["string"]')
  || jsonb_to_tsvector('simple', expected_output::jsonb, '["string"]')
  || to_tsvector('simple', coalesce(prompt, '')))`;

const tsQuery = (terms: SearchTerm[]) =>
  sql`to_tsquery('simple', ${terms.map((t) => `'${t.word.replace(/'/g, "''")}'${t.prefix ? ':*' : ''}`).join(' & ')})`;

export const postgresSearch: TextSearch = {
  matches: (terms) => sql<boolean>`(${TSV} @@ ${tsQuery(terms)})`,
  matching: (terms) => sql<boolean>`(${TSV} @@ ${tsQuery(terms)})`,
  ranked: (db, terms) =>
    db
      .selectFrom('datapoints')
      .where(sql<boolean>`(${TSV} @@ ${tsQuery(terms)})`)
      .select(sql<number>`(-ts_rank(${TSV}, ${tsQuery(terms)}))::float8`.as('score')),
  metadataEquals: (path, value) => {
    const contained = path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
    return sql<boolean>`((metadata::jsonb) @> ${JSON.stringify(contained)}::jsonb)`;
  },
};
