import type { DatapointFields } from '../../model/datapoints.js';
import type { FieldSource, ImportFormat, MappableField, Mapping, SourceRecord } from '../../model/imports.js';
import { MAPPABLE_FIELDS } from '../../model/imports.js';
import { SERVER_FIELDS } from '../../model/datapoint-fields.js';
import { badRequest, invalid, type FieldIssue } from '../errors.js';

/** A row as a datapoint: its fields, and the id it names, if any. */
export interface MappedRow {
  at: string;
  fields: DatapointFields;
  id?: string;
}

/** Fields the server owns: in an exported line they are accepted and ignored (but `id`, which names a datapoint). */
const SERVER_OWNED = new Set<string>(SERVER_FIELDS.filter((f) => f !== 'id'));
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** What becomes of a row's columns or keys that nothing maps, by default per format. */
const DEFAULT_REST: Record<ImportFormat, NonNullable<Mapping['rest']>> = { jsonl: 'error', csv: 'metadata', parquet: 'metadata' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (record: object, key: string) => Object.prototype.hasOwnProperty.call(record, key);

/** A key, or failing that a dotted path into nested objects. */
function lookup(record: Record<string, unknown>, path: string): unknown {
  if (has(record, path)) return record[path];
  let value: unknown = record;
  for (const segment of path.split('.')) {
    if (!isObject(value) || !has(value, segment)) return undefined;
    value = value[segment];
  }
  return value;
}

const lastSegment = (path: string) => path.split('.').pop()!;
const topKey = (record: Record<string, unknown>, path: string) => (has(record, path) ? path : path.split('.')[0]);
const pathsOf = (source: FieldSource): string[] =>
  typeof source === 'string' ? [source] : Array.isArray(source) ? source : Object.values(source);

function resolve(record: Record<string, unknown>, source: FieldSource): unknown {
  if (typeof source === 'string') return lookup(record, source);
  if (Array.isArray(source)) return Object.fromEntries(source.map((path) => [lastSegment(path), lookup(record, path) ?? null]));
  return Object.fromEntries(Object.entries(source).map(([name, path]) => [name, lookup(record, path) ?? null]));
}

/** Tags and splits from text: split on the separator when one is given, else one item. */
function list(value: unknown, separator: string | undefined): unknown {
  if (typeof value !== 'string') return value === null ? [] : value;
  if (value === '') return [];
  return separator === undefined
    ? [value]
    : value
        .split(separator)
        .map((t) => t.trim())
        .filter(Boolean);
}

/** A value as it would read in a message, cut short. */
function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const quoted = (names: string[]) => names.map((k) => `"${k}"`).join(', ');

export interface MappingOptions {
  format: ImportFormat;
  /** A split every row without splits of its own is put in. */
  split?: string;
}

/**
 * Compiles a mapping into what turns each row into a datapoint. Without one, a row's
 * keys that are datapoint fields fill those fields. Server-owned fields (seq, version,
 * timestamps) are ignored, so an exported line imports as it is; `id` names the datapoint.
 */
export function compileMapping(mapping: Mapping, options: MappingOptions): (record: SourceRecord) => MappedRow {
  const explicit = mapping.fields ?? {};
  const rest = mapping.rest ?? DEFAULT_REST[options.format];
  return ({ at, value: record, attachments }) => {
    const consumed = new Set<string>();
    const out: Partial<Record<MappableField, unknown>> = {};
    for (const field of MAPPABLE_FIELDS) {
      const source = explicit[field];
      if (source === undefined) continue;
      for (const path of pathsOf(source)) consumed.add(topKey(record, path));
      const value = resolve(record, source);
      if (value !== undefined) out[field] = value;
    }
    for (const field of MAPPABLE_FIELDS) {
      if (explicit[field] !== undefined || !has(record, field) || consumed.has(field)) continue;
      out[field] = record[field];
      consumed.add(field);
    }
    const leftover = Object.keys(record).filter((k) => !consumed.has(k) && !SERVER_OWNED.has(k));
    if (leftover.length && rest === 'error') {
      const one = leftover.length === 1;
      throw invalid(
        `${at}: ${quoted(leftover)} ${one ? 'is not a datapoint field' : 'are not datapoint fields'}; map ${one ? 'it' : 'them'}, or send "rest": "metadata" or "drop"`,
        leftover.map((k) => ({ field: `${at}/${k}`, message: 'is not a known field' })),
      );
    }
    if (leftover.length && rest === 'metadata') {
      const mapped = out.metadata ?? {};
      if (!isObject(mapped))
        throw invalid(`${at}: metadata must be an object`, [{ field: `${at}/metadata`, message: 'must be an object' }]);
      out.metadata = { ...Object.fromEntries(leftover.map((k) => [k, record[k]])), ...mapped };
    }
    if (attachments) out.attachments = { ...attachments, ...(isObject(out.attachments) ? out.attachments : {}) };
    if (has(out, 'tags')) out.tags = list(out.tags, mapping.tag_separator);
    if (has(out, 'splits')) out.splits = list(out.splits, undefined);
    else if (options.split !== undefined) out.splits = [options.split];
    const { id, ...fields } = out;
    if (id !== undefined && id !== null && (typeof id !== 'string' || !UUID.test(id))) {
      throw invalid(
        `${at}: id ${preview(id)} is not a datapoint id (a uuid); to keep your own ids, map them to external_id: {"fields": {"external_id": "id"}}`,
        [{ field: `${at}/id`, message: 'must be a uuid' }],
      );
    }
    return { at, fields: fields as DatapointFields, ...(typeof id === 'string' && { id: id.toLowerCase() }) };
  };
}

/**
 * The columns an import needs to read: all of them, unless the rest is dropped, when
 * only the mapped ones and those named as datapoint fields are (Parquet then skips the others).
 */
export function columnsRead(mapping: Mapping): string[] | undefined {
  if (mapping.rest !== 'drop') return undefined;
  // A dotted path may name a column with dots in its name, or a key inside a column.
  const mapped = Object.values(mapping.fields ?? {}).flatMap((source) => pathsOf(source).flatMap((p) => [p, p.split('.')[0]]));
  return [...new Set([...MAPPABLE_FIELDS, ...mapped])];
}

/** A table's row as a datapoint: the row whole (column -> value) is its `input`, its files its attachments. */
export function rowAsInput(options: MappingOptions): (record: SourceRecord) => MappedRow {
  return ({ at, value, attachments }) => ({
    at,
    fields: {
      input: value,
      ...(attachments && { attachments }),
      ...(options.split !== undefined && { splits: [options.split] }),
    },
  });
}

/**
 * Checks a mapping against the columns of a file's first row: a column it names must
 * exist (when every row has the same columns: CSV, Parquet), and something must fill
 * input or expected_output unless the import asked for metadata-only rows or the file
 * holds files (Parquet `Image` / `Audio` columns).
 */
export function checkColumns(mapping: Mapping, columns: string[], file: { fixed: boolean; files: boolean }): void {
  const fields = mapping.fields ?? {};
  const present = (path: string) => columns.includes(path) || columns.includes(path.split('.')[0]);
  if (file.fixed) {
    const named = [...Object.values(fields).flatMap(pathsOf), ...Object.keys(mapping.types ?? {})];
    const missing = named.filter((p) => !present(p));
    if (missing.length) {
      throw badRequest(`the mapping names ${quoted(missing)}, which the file does not have (columns: ${quoted(columns) || 'none'})`, [
        ...missing.map((p) => ({ field: 'mapping', message: `no column "${p}"` })),
      ]);
    }
  }
  // A row of files (an image and its label) is content enough.
  if (mapping.metadata_only || file.files) return;
  const fills = (field: MappableField) => (fields[field] !== undefined ? pathsOf(fields[field]).some(present) : columns.includes(field));
  if (fills('input') || fills('expected_output')) return;
  throw badRequest(
    `nothing in the file fills input or expected_output (columns seen: ${quoted(columns) || 'none'}); ` +
      'map them, e.g. {"fields": {"input": "question", "expected_output": "answer"}}, or send "metadata_only": true',
  );
}

/** A row's field problems named by the row and, where a mapping renamed it, the column. */
export function rowIssues(at: string, issues: FieldIssue[], mapping: Mapping): FieldIssue[] {
  return issues.map((issue) => {
    const field = issue.field.split('/')[0] as MappableField;
    const source = mapping.fields?.[field];
    const column = typeof source === 'string' ? ` (column "${source}")` : '';
    return { field: `${at}/${issue.field}`, message: `${issue.message}${column}` };
  });
}
