import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { DatapointContent, DatapointRecord } from '../model/datapoints.js';
import { DATAPOINT_FIELD_NAMES, type DatapointField } from '../model/datapoint-fields.js';
import type { DatapointTable } from './schema.js';

/** A datapoint row: one span of versions `[valid_from, valid_to)` of one datapoint's content. */
export type DatapointRow = Selectable<DatapointTable>;
/** A datapoint row as written: everything but the generated row id. */
export type DatapointInsert = Omit<DatapointRow, 'row_id'>;

/** Sentinel `valid_to` of a datapoint row still visible at the head version. */
export const LIVE = 2_147_483_647;

/**
 * The rows (of `table`, a name or alias of `datapoints`) visible at `version`: their span
 * holds it. Written as the span test even for the head, so a commit landing between two
 * pages cannot change what a pinned version shows. The unary plus keeps both bounds out
 * of index terms: planners then reach rows by the dataset's order index (a first page
 * without sorting the dataset) or by whatever narrows them, never by a range over all
 * versions.
 */
export const visibleAt = (version: number, table = 'datapoints'): RawBuilder<boolean> =>
  sql<boolean>`(+${sql.ref(`${table}.valid_from`)} <= ${version} and +${sql.ref(`${table}.valid_to`)} > ${version})`;

/** The columns of the catalogue's fields: each has one of its own name, but for these two (the compiler checks). */
type CatalogueColumns = Pick<DatapointInsert, Exclude<DatapointField, 'order' | 'version'> | 'ord' | 'valid_from'>;

const COLUMN_OF: Record<DatapointField, keyof CatalogueColumns> = {
  ...(Object.fromEntries(DATAPOINT_FIELD_NAMES.map((f) => [f, f])) as Record<DatapointField, keyof CatalogueColumns>),
  order: 'ord',
  version: 'valid_from',
};
export const columnOf = (field: DatapointField): keyof CatalogueColumns => COLUMN_OF[field];

/** The columns a write fills from its content (every field but the version, which the span says). */
const WRITTEN = DATAPOINT_FIELD_NAMES.filter((f): f is Exclude<DatapointField, 'version'> => f !== 'version');

/** Columns of a datapoint row, in the order the bulk writers use. */
export const DATAPOINT_COLUMNS: readonly (keyof DatapointInsert)[] = [
  'dataset_seq',
  'valid_from',
  'valid_to',
  ...WRITTEN.map(columnOf),
  'source_hash',
];

/** A datapoint's content as committed in one version, with the timestamps it carries. */
export interface DatapointWrite extends DatapointContent {
  created_at: string;
  updated_at: string;
  /** What an import knows of the source row this content came from (see sourceHash in src/domain/import-rows.ts). */
  source_hash?: string | null;
}

export function toRecord(row: CatalogueColumns): DatapointRecord {
  const record: Record<string, unknown> = {};
  for (const field of DATAPOINT_FIELD_NAMES) record[field] = row[COLUMN_OF[field]];
  return record as unknown as DatapointRecord;
}

/** The row that makes `write` visible from `version` on, until something replaces it. */
export function toRow(datasetSeq: number, version: number, write: DatapointWrite): DatapointInsert {
  const row: Record<string, unknown> = { dataset_seq: datasetSeq, valid_from: version, valid_to: LIVE };
  for (const field of WRITTEN) row[COLUMN_OF[field]] = write[field];
  row.source_hash = write.source_hash ?? null;
  return row as unknown as DatapointInsert;
}
