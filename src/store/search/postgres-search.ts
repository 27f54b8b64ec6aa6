import { sql, type RawBuilder } from 'kysely';
import type { IndexTerm, SearchTerm, TextSearch } from '../text-search.js';

/**
 * PostgreSQL's full-text search (migration 0016): `search_text` holds each indexed row's
 * tsvector and metadata as jsonb, with GIN indexes, written behind the commits
 * (postgres-indexing.ts). Rows in `search_backlog` ranges and not in `search_text` yet
 * are checked one by one with the very expression the indexer stores.
 */

/** The row's searchable text as a tsvector: 'simple' words of the input and expected_output strings and the prompt. */
export const rowVector = (table: string) =>
  sql`(jsonb_to_tsvector('simple', ${sql.ref(`${table}.input`)}::jsonb, '["string"]')
    || jsonb_to_tsvector('simple', ${sql.ref(`${table}.expected_output`)}::jsonb, '["string"]')
    || to_tsvector('simple', coalesce(${sql.ref(`${table}.prompt`)}, '')))`;

const lexeme = (word: string) => `'${word.replace(/'/g, "''")}'`;

/** The tsquery of the terms, every one required; null when one of them matches no indexed word. */
function tsQuery(terms: IndexTerm[]): RawBuilder<unknown> | null {
  const parts: string[] = [];
  for (const t of terms) {
    if (t.words === undefined) parts.push(`${lexeme(t.word)}${t.prefix ? ':*' : ''}`);
    else if (t.words.length === 0) return null;
    else parts.push(`(${t.words.map(lexeme).join(' | ')})`);
  }
  return sql`to_tsquery('simple', ${parts.join(' & ')})`;
}

/** The terms as written, for rows checked one by one (a prefix stays a prefix). */
const asWritten = (terms: SearchTerm[]) => tsQuery(terms.map(({ word, prefix }) => ({ word, prefix })))!;

/**
 * Rows of the dataset the indexer has not reached: in a backlog range and not indexed.
 * Each range is read by row id (lateral: the planner would otherwise merge the whole
 * table against the index); ranges of one dataset can overlap (two writers at once),
 * hence distinct.
 */
const unindexed = (datasetSeq: number, columns: RawBuilder<unknown>, condition: RawBuilder<unknown> = sql`true`) =>
  sql`select distinct ${columns} from search_backlog b cross join lateral (
      select * from datapoints d where d.row_id between b.lo and b.hi and d.dataset_seq = b.dataset_seq
        and not exists (select 1 from search_text s where s.row_id = d.row_id)
    ) d
    where b.dataset_seq = ${datasetSeq} and ${condition}`;

export const postgresSearch: TextSearch = {
  matches: (terms) => sql<boolean>`(${rowVector('datapoints')} @@ ${asWritten(terms)})`,
  matchingRows: (datasetSeq, terms) => {
    const direct = unindexed(datasetSeq, sql`d.row_id`, sql`${rowVector('d')} @@ ${asWritten(terms)}`);
    const query = tsQuery(terms);
    return query === null
      ? sql`${direct}`
      : sql`select row_id from search_text where dataset_seq = ${datasetSeq} and body @@ ${query} union all ${direct}`;
  },
  // The stored vector when there is one (the same the row's text gives, without reading its JSON again).
  score: (terms) => {
    const written = asWritten(terms);
    return sql<number>`(-ts_rank(coalesce((select s.body from search_text s where s.row_id = datapoints.row_id), ${rowVector('datapoints')}), ${written}))::float8`;
  },
  metadataRows: (datasetSeq, path, value) => {
    const contained = path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
    return sql`select row_id from search_text where dataset_seq = ${datasetSeq} and metadata @> ${JSON.stringify(contained)}::jsonb
      union all ${unindexed(datasetSeq, sql`d.row_id`)}`;
  },
  unindexedFrom: (datasetSeq) =>
    sql<number | null>`(select min(valid_from) from search_backlog where search_backlog.dataset_seq = ${datasetSeq})`,
};
