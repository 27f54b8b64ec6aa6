import { CONTENT_FIELDS, DATAPOINT_CATALOGUE, type ContentField, type FieldValue } from '../model/datapoint-fields.js';
import type { DatapointContent, DatapointFields, DatapointRecord } from '../model/datapoints.js';

/** JSON-valued fields as the JSON text stored, absent ones as their empty value; the rest as they are. */
const ENCODE: Record<FieldValue, (value: unknown) => unknown> = {
  json: (value) => JSON.stringify(value ?? null),
  object: (value) => JSON.stringify(value ?? {}),
  list: (value) => JSON.stringify(value ?? []),
  text: (value) => value ?? null,
  integer: (value) => value,
  time: (value) => value,
};

const encoded = (field: ContentField, fields: DatapointFields) => ENCODE[DATAPOINT_CATALOGUE[field].value](fields[field]);
const has = (fields: DatapointFields, key: ContentField) => Object.prototype.hasOwnProperty.call(fields, key);

/** The content of a new datapoint: what the client set, JSON as text, absent fields empty. */
export function newContent(fields: DatapointFields, ids: { id: string; seq: number; order: number }): DatapointContent {
  const content: Record<string, unknown> = { id: ids.id, seq: ids.seq };
  for (const field of CONTENT_FIELDS) content[field] = encoded(field, fields);
  content.order = ids.order;
  return content as unknown as DatapointContent;
}

/** An update's meaning: the fields given replace the old ones (null included); the rest stay. */
export function changedContent(old: DatapointRecord, fields: DatapointFields): DatapointContent {
  const content: Record<string, unknown> = { id: old.id, seq: old.seq };
  for (const field of CONTENT_FIELDS) content[field] = has(fields, field) ? encoded(field, fields) : old[field];
  return content as unknown as DatapointContent;
}

/** Two contents are the same datapoint content (timestamps and the version that wrote them aside). */
export const sameContent = (a: DatapointContent, b: DatapointContent) => CONTENT_FIELDS.every((k) => a[k] === b[k]);
