import type { Expression, RawBuilder, SqlBool } from 'kysely';
import type { Scalar } from '../model/telemetry.js';

/** One word of a full-text query, matched whole or, when `prefix`, as the start of a word. */
export interface SearchTerm {
  word: string;
  prefix: boolean;
}

/**
 * A term as the index is asked for it. A prefix term may carry the indexed words that
 * start with it (see planning in datapoint-filters.ts): an index reads a list of words
 * lazily, a bare prefix only after merging every word's rows.
 */
export interface IndexTerm extends SearchTerm {
  words?: string[];
}

/** Row ids of datapoint rows (`row_id`), as a subquery. */
export type RowIds = RawBuilder<{ row_id: number }>;

/**
 * Full-text search and indexed metadata equality over datapoint rows, as each store
 * reaches them. The indexes (migration 0016) are filled behind the commits by the
 * store's SearchIndexer; every query here also finds the rows it has not reached yet,
 * by checking them one by one with the same test, so answers never depend on how far
 * indexing has got — only their speed does.
 */
export interface TextSearch {
  /** The row's text (input and expected_output strings, prompt) holds every term: checked on the row itself. */
  matches(terms: SearchTerm[]): Expression<SqlBool>;
  /** The dataset's rows (any version) whose text holds every term. */
  matchingRows(datasetSeq: number, terms: IndexTerm[]): RowIds;
  /**
   * The relevance of a matching row to the terms, best (lowest) first: a function of the
   * row and the terms alone, the same whether the row is indexed yet or not, and never
   * moved by other rows being added (so a ranked page's cursor stays put).
   */
  score(terms: SearchTerm[]): RawBuilder<number>;
  /**
   * The dataset's rows that may have `value` at metadata `path`: a necessary condition
   * served by the index, to be checked exactly afterwards.
   */
  metadataRows(datasetSeq: number, path: string[], value: Scalar): RowIds;
  /** For the dataset `datasetSeq` names: the first version not wholly indexed yet, or null when all are. */
  unindexedFrom(datasetSeq: Expression<number>): RawBuilder<number | null>;
}
