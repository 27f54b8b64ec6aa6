import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { LIMITS } from '../model/limits.js';
import { FILTERABLE_FIELDS, type DatapointField } from '../model/datapoint-fields.js';
import type { Filter } from '../model/telemetry.js';
import type { ReviewFilter } from '../model/review-states.js';
import { reviewPredicate } from './review-states.js';
import { compileFilter, type FilterColumns } from './filters.js';
import { columnOf, visibleAt } from './datapoint-rows.js';
import type { Database } from './schema.js';
import type { Queryable } from './store.js';
import type { IndexTerm, RowIds, SearchTerm } from './text-search.js';

export interface DatapointFilter {
  source?: string;
  persona?: string;
  split?: string;
  /** The review decision holding on the datapoint's content, or none. */
  review?: ReviewFilter;
  /** Splits a datapoint must be in at least one of. */
  splits?: string[];
  /** Tags a datapoint must carry: every one, or with `tagMatch: 'any'` at least one. */
  tags?: string[];
  tagMatch?: 'all' | 'any';
  /** Checked filters in the telemetry filter language, all of which must hold. */
  filters?: Filter[];
  /** Words the datapoint's text (input and expected_output strings, prompt) must hold. */
  search?: SearchTerm[];
  /** Only the first `size` datapoints in a pseudo-random order fixed by `seed`. */
  sample?: { size: number; seed: number };
}

/** A filter made ready to run: its predicates compiled, and index narrowings chosen, once per listing. */
export interface Listing {
  predicates: Expression<SqlBool>[];
  /** An index narrows the rows to few: read those and sort them, rather than walk datapoint order. */
  selective?: boolean;
  /** The text search, its prefixes listed as words once planned. */
  search?: IndexTerm[];
  sample?: { size: number; seed: number };
}

/** A listing that keeps every datapoint. */
export const EVERY: Listing = { predicates: [] };

/** Where each field a datapoint filter may name lives in `datapoints`. */
const FILTER_COLUMNS: FilterColumns = Object.fromEntries(
  Object.keys(FILTERABLE_FIELDS).map((field) => [field, `datapoints.${columnOf(field as DatapointField)}`]),
);

/**
 * Below this many candidates in the dataset (index matches, and rows not indexed yet), a
 * metadata equality is served by the index and the few rows sorted; at or above it,
 * walking datapoint order and checking each row fills a page sooner (one row in N/probe
 * matches).
 */
const SELECTIVE = 5000;

/** Compiles a filter's predicates, with no index probes: for reads already narrowed to a few rows (a diff's page). */
export function compileListing(q: Queryable, filter: DatapointFilter): Listing {
  const predicates: Expression<SqlBool>[] = [];
  const column = (name: 'source' | 'persona') => sql.ref(`datapoints.${name}`);
  if (filter.source !== undefined) predicates.push(sql<boolean>`(${column('source')} = ${filter.source})`);
  if (filter.persona !== undefined) predicates.push(sql<boolean>`(${column('persona')} = ${filter.persona})`);
  if (filter.split !== undefined) predicates.push(q.dialect.jsonArrayContains('datapoints.splits', filter.split));
  if (filter.splits?.length) {
    const held = filter.splits.map((s) => q.dialect.jsonArrayContains('datapoints.splits', s));
    predicates.push(sql<boolean>`(${sql.join(held, sql` or `)})`);
  }
  if (filter.tags?.length) {
    const held = filter.tags.map((t) => q.dialect.jsonArrayContains('datapoints.tags', t));
    predicates.push(sql<boolean>`(${sql.join(held, filter.tagMatch === 'any' ? sql` or ` : sql` and `)})`);
  }
  if (filter.review !== undefined) predicates.push(reviewPredicate(filter.review));
  for (const f of filter.filters ?? []) predicates.push(compileFilter(q.dialect, FILTER_COLUMNS, f));
  return { predicates, search: filter.search, sample: filter.sample };
}

/**
 * `compileListing` for a walk of a version: a metadata equality that few rows meet is
 * also narrowed by its index, and a text search's prefixes are listed as the words the
 * index holds.
 */
export async function planListing(q: Queryable, datasetSeq: number, filter: DatapointFilter): Promise<Listing> {
  const listing = compileListing(q, filter);
  for (const f of filter.filters ?? []) {
    if (f.operator !== 'equals' || f.target.kind !== 'json' || f.target.field !== 'metadata') continue;
    const rows = q.dialect.search.metadataRows(datasetSeq, f.target.path, f.value);
    if (await fewOf(q, rows, SELECTIVE)) {
      listing.predicates.push(sql<boolean>`datapoints.row_id in (${rows})`);
      listing.selective = true;
    }
  }
  if (listing.search) listing.search = await Promise.all(listing.search.map((t) => (t.prefix ? expanded(q, t) : Promise.resolve(t))));
  return listing;
}

/** Beyond this many indexed words, a prefix is left to the index to expand. */
const PREFIX_WORDS_MAX = 64;

/**
 * A prefix term with the indexed words it starts (up to PREFIX_WORDS_MAX): an index
 * reads their rows lazily, where a bare prefix merges every word's rows before the first
 * (`q=refund polic*` took 4.5 s on 20,000 rows when each row walked asked for it again).
 */
async function expanded(q: Queryable, term: SearchTerm): Promise<IndexTerm> {
  // Every word starting with the prefix sorts before the prefix and the last code point.
  const rows = await sql<{ word: string }>`select word from search_words
    where word >= ${term.word} and word < ${`${term.word}\u{10FFFF}`} order by word limit ${PREFIX_WORDS_MAX + 1}`.execute(q.db);
  return rows.rows.length > PREFIX_WORDS_MAX ? term : { ...term, words: rows.rows.map((r) => r.word) };
}

/**
 * Whether a text search matches few enough rows of the dataset (any version) to be ranked:
 * ranking reads and scores every match.
 */
export const rankable = (q: Queryable, datasetSeq: number, terms: IndexTerm[]) =>
  fewOf(q, q.dialect.search.matchingRows(datasetSeq, terms), LIMITS.rankedMatchesMax);

/** Fewer than `limit` of these rows, counted as they are read (never more than `limit` read). */
async function fewOf(q: Queryable, rows: RowIds, limit: number): Promise<boolean> {
  const { rows: counted } = await sql<{ n: number }>`select count(*) as n from (${rows} limit ${limit}) p`.execute(q.db);
  return Number(counted[0].n) < limit;
}

type Rows<O> = SelectQueryBuilder<Database, 'datapoints', O>;

/** The rows of `version` that the listing keeps, but for its text search. */
export function narrowed<O>(q: Queryable, query: Rows<O>, datasetSeq: number, version: number, listing: Listing): Rows<O> {
  // With a selective narrowing, the dataset is no index term either: its rows are read by the narrowing's index.
  const dataset = listing.selective
    ? sql<boolean>`+datapoints.dataset_seq = ${datasetSeq}`
    : sql<boolean>`datapoints.dataset_seq = ${datasetSeq}`;
  let out = query.where(dataset).where(visibleAt(version));
  for (const p of listing.predicates) out = out.where(p);
  if (listing.sample) out = out.where('datapoints.seq', 'in', sampled(q, datasetSeq, version, listing));
  return out;
}

/** `narrowed`, with the text search as a filter (for listings in datapoint order). */
export function kept<O>(q: Queryable, query: Rows<O>, datasetSeq: number, version: number, listing: Listing): Rows<O> {
  const out = narrowed(q, query, datasetSeq, version, listing);
  return listing.search ? out.where(q.dialect.search.matches(listing.search)) : out;
}

/** The seqs of the sample: every kept row of the version ordered by a seeded hash of its seq, the first `size`. */
function sampled(q: Queryable, datasetSeq: number, version: number, listing: Listing) {
  const { size, seed } = listing.sample!;
  const rest = kept(q, q.db.selectFrom('datapoints').select('datapoints.seq'), datasetSeq, version, { ...listing, sample: undefined });
  return rest.orderBy(sampleKey(seed)).orderBy('datapoints.seq').limit(size);
}

const MOD = sql.lit(2147483648);
/** a xor (a >> n), written with | and & because the stores spell xor differently. */
const xorShift = (a: Expression<number>, n: number) => sql<number>`((${a} | (${a} >> ${sql.lit(n)})) - (${a} & (${a} >> ${sql.lit(n)})))`;

/**
 * A pseudo-random key per datapoint, the same on both stores and in every version (it
 * hashes the datapoint's seq): two multiply-xorshift rounds, kept below 2^62 so no
 * product overflows a 64-bit integer.
 */
function sampleKey(seed: number): Expression<number> {
  const h0 = sql<number>`(((datapoints.seq % ${MOD}) * ${sql.lit(1103515245)} + ${sql.lit(seed)}) % ${MOD})`;
  const h1 = sql<number>`((${xorShift(h0, 16)} * ${sql.lit(739982445)}) % ${MOD})`;
  return xorShift(h1, 13);
}
