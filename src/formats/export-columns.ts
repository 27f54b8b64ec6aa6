import { DATAPOINT_CATALOGUE, DATAPOINT_FIELD_NAMES, type DatapointField, type FieldValue } from '../model/datapoint-fields.js';

/** How a column of an export holds its values: text, JSON text, or whole numbers. */
export type ColumnKind = 'text' | 'json' | 'integer' | 'list';

const KINDS: Record<FieldValue, ColumnKind> = {
  json: 'json',
  object: 'json',
  text: 'text',
  integer: 'integer',
  list: 'list',
  time: 'text',
};

/**
 * The columns of a tabular export (CSV, Parquet): every field of the catalogue, in its
 * order. JSON-valued fields are JSON; tags and splits are lists of text (JSON in CSV).
 * Server-owned columns (seq, version, timestamps) come along and are ignored when the
 * file is imported again.
 */
export const EXPORT_COLUMNS: readonly { name: DatapointField; kind: ColumnKind }[] = DATAPOINT_FIELD_NAMES.map((name) => ({
  name,
  kind: KINDS[DATAPOINT_CATALOGUE[name].value],
}));
