import type { DatapointRecord } from '../model/datapoints.js';

/** How a column of an export holds its values: text, JSON text, or whole numbers. */
export type ColumnKind = 'text' | 'json' | 'integer' | 'list';

/**
 * The columns of a tabular export (CSV, Parquet), in order. JSON-valued fields are
 * JSON; tags and splits are lists of text (JSON in CSV). Server-owned columns (seq,
 * version, timestamps) come along and are ignored when the file is imported again.
 */
export const EXPORT_COLUMNS = [
  { name: 'id', kind: 'text' },
  { name: 'seq', kind: 'integer' },
  { name: 'order', kind: 'integer' },
  { name: 'input', kind: 'json' },
  { name: 'expected_output', kind: 'json' },
  { name: 'output', kind: 'json' },
  { name: 'context', kind: 'json' },
  { name: 'prompt', kind: 'text' },
  { name: 'persona', kind: 'text' },
  { name: 'tags', kind: 'list' },
  { name: 'source', kind: 'text' },
  { name: 'agent', kind: 'text' },
  { name: 'generator_model', kind: 'text' },
  { name: 'metadata', kind: 'json' },
  { name: 'external_id', kind: 'text' },
  { name: 'splits', kind: 'list' },
  { name: 'version', kind: 'integer' },
  { name: 'created_at', kind: 'text' },
  { name: 'updated_at', kind: 'text' },
] as const satisfies readonly { name: keyof DatapointRecord; kind: ColumnKind }[];
