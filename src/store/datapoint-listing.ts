import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DatapointRecord } from '../model/datapoints.js';
import { toRecord, visibleAt } from './datapoint-rows.js';
import type { Database } from './schema.js';
import type { Queryable } from './store.js';

/** Which rows: those making up one version, or every datapoint present somewhere in a range (its latest row there). */
export type Selection = { version: number } | { min: number; max: number };

export interface ListingFilter {
  source?: string;
  agent?: string;
  generator_model?: string;
}

/** Fields a listing sorts by, by their model names. */
export type SortField = 'order' | 'created_at' | 'id';
export interface SortKey {
  field: SortField;
  desc: boolean;
}

type Column = 'ord' | 'created_at' | 'id' | 'seq';
const COLUMNS: Record<SortField, Column> = { order: 'ord', created_at: 'created_at', id: 'id' };

type Eb = ExpressionBuilder<Database & { d: Database['datapoints'] }, 'd'>;
export type KeyValue = string | number;

function selected(q: Queryable, datasetSeq: number, selection: Selection, filter: ListingFilter) {
  let query = q.db.selectFrom('datapoints as d').where('d.dataset_seq', '=', datasetSeq);
  if ('version' in selection) {
    query = query.where(visibleAt(selection.version, 'd'));
  } else {
    const { min, max } = selection;
    query = query
      .where(sql<boolean>`+d.valid_from <= ${max}`)
      .where(sql<boolean>`+d.valid_to > ${min}`)
      // Each datapoint once: its latest row that began by the end of the range.
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('datapoints as n')
              .select('n.row_id')
              .whereRef('n.dataset_seq', '=', 'd.dataset_seq')
              .whereRef('n.id', '=', 'd.id')
              .whereRef('n.valid_from', '>', 'd.valid_from')
              .where('n.valid_from', '<=', max),
          ),
        ),
      );
  }
  if (filter.source !== undefined) query = query.where('d.source', '=', filter.source);
  if (filter.agent !== undefined) query = query.where('d.agent', '=', filter.agent);
  if (filter.generator_model !== undefined) query = query.where('d.generator_model', '=', filter.generator_model);
  return query;
}

/** The sort columns with seq appended, so the order is total; seq follows the last key's direction. */
const withSeq = (sort: SortKey[]): { field: Column; desc: boolean }[] => [
  ...sort.map((k) => ({ field: COLUMNS[k.field], desc: k.desc })),
  { field: 'seq', desc: sort.length > 0 && sort[sort.length - 1].desc },
];

/**
 * The total and the sort key of every `pageSize`-th row (the first row of each page),
 * in one pass of window functions. Versions never change, so callers may keep these.
 */
export async function pageAnchors(
  q: Queryable,
  datasetSeq: number,
  selection: Selection,
  filter: ListingFilter,
  sort: SortKey[],
  pageSize: number,
): Promise<{ total: number; anchors: KeyValue[][] }> {
  const keys = withSeq(sort);
  const inner = selected(q, datasetSeq, selection, filter)
    .select(keys.map((k) => `d.${k.field}` as const))
    .select((eb) => [
      eb.fn
        .agg<number>('row_number')
        .over((ob) => keys.reduce((o, k) => o.orderBy(`d.${k.field}`, k.desc ? 'desc' : 'asc'), ob))
        .as('rn'),
      eb.fn.countAll<number>().over().as('total'),
    ]);
  const rows = await q.db
    .selectFrom(inner.as('x'))
    .selectAll()
    .where(sql<boolean>`(rn - 1) % ${pageSize} = 0`)
    .orderBy('rn')
    .execute();
  const total = rows.length ? Number(rows[0].total) : 0;
  return { total, anchors: rows.map((r) => keys.map((k) => (r as Record<string, KeyValue>)[k.field])) };
}

/** Up to `limit` datapoints in sort order, starting at the one whose key is `from` (inclusive). */
export async function rowsFrom(
  q: Queryable,
  datasetSeq: number,
  selection: Selection,
  filter: ListingFilter,
  sort: SortKey[],
  from: KeyValue[],
  limit: number,
): Promise<DatapointRecord[]> {
  const keys = withSeq(sort);
  let query = selected(q, datasetSeq, selection, filter)
    .selectAll('d')
    .where((eb) => atOrAfter(eb as Eb, keys, from));
  for (const k of keys) query = query.orderBy(`d.${k.field}`, k.desc ? 'desc' : 'asc');
  return (await query.limit(limit).execute()).map(toRecord);
}

/**
 * Keyset test "at or after this key". One direction throughout is a row-value
 * comparison, which an index can seek; mixed directions expand into
 * (k1 after v1) or (k1 = v1 and k2 after v2) … or all equal.
 */
function atOrAfter(eb: Eb, keys: { field: Column; desc: boolean }[], values: KeyValue[]): Expression<SqlBool> {
  if (keys.every((k) => k.desc === keys[0].desc)) {
    const refs = keys.map((k) => `d.${k.field}` as const);
    return eb(
      eb.refTuple(...(refs as [(typeof refs)[0], (typeof refs)[0]])),
      keys[0].desc ? '<=' : '>=',
      eb.tuple(...(values as [KeyValue, KeyValue])),
    );
  }
  const branches = keys.map((k, i) =>
    eb.and([...keys.slice(0, i).map((p, j) => eb(`d.${p.field}`, '=', values[j])), eb(`d.${k.field}`, k.desc ? '<' : '>', values[i])]),
  );
  branches.push(eb.and(keys.map((k, j) => eb(`d.${k.field}`, '=', values[j]))));
  return eb.or(branches);
}
