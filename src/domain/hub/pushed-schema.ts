import type { AsyncBuffer } from 'hyparquet';
import { DATAPOINT_FIELD_NAMES } from '../../model/datapoint-fields.js';
import { LIMITS } from '../../model/limits.js';
import { jsonlColumns, jsonlTableSchema } from '../../formats/jsonl-schema.js';
import { parquetTableSchema } from '../../formats/parquet-table.js';
import { tableColumns, type TableSchema } from '../../formats/table-schema.js';
import { badRequest, DomainError } from '../errors.js';
import type { SplitSchemaChange } from '../versions/split-schemas.js';
import type { DataFile } from './data-files.js';

/**
 * The columns a split was pushed with: a Parquet schema and key-value metadata (see
 * TableSchema), kept per split and version so each revision renders as it was pushed.
 */
export type PushedSchema = TableSchema;

/** A pushed data file's bytes: whole, or a range of them (Parquet is read from its footer). */
export interface PushedBytes extends DataFile {
  bytes: number;
  open: () => Promise<AsyncIterable<Buffer>>;
  /** Bytes [start, end). */
  range: (start: number, end: number) => Promise<Buffer>;
}

/** A kept schema's JSON is bounded: `datasets` features with many class names and pyarrow's schema are tens of KB. */
const SCHEMA_MAX_BYTES = 4 * 1024 * 1024;

const FIELDS = new Set<string>(DATAPOINT_FIELD_NAMES);

/**
 * A file is datashelf's own layout when every value column is a datapoint field and
 * `input` or `expected_output` is among them (as datashelf exports them): its rows fill
 * those fields. Any other file is a table (`question`, `answer`; `text`, `label`;
 * `instruction`, `input`, `output`): each row whole is a datapoint's `input`, and the
 * split keeps the file's columns, so it loads back as it was pushed.
 */
const isDatapointLayout = (columns: string[]) =>
  (columns.includes('input') || columns.includes('expected_output')) && columns.every((c) => FIELDS.has(c));

/** The table a pushed data file is, or null when it is datashelf's own layout; a file no table keeps exactly is refused, naming it. */
export async function pushedSchemaOf(file: PushedBytes): Promise<PushedSchema | null> {
  try {
    if (file.format === 'parquet') {
      const schema = await parquetTableSchema(asyncBufferOf(file));
      const values = tableColumns(schema)
        .map((c) => c.element.name)
        .filter((name) => !schema.files.includes(name));
      return isDatapointLayout(values) ? null : schema;
    }
    const limits = { maxBytes: LIMITS.importBodyBytes, maxLineBytes: LIMITS.importLineBytes, maxItems: LIMITS.importRowsMax };
    // A JSON-lines file is read as its first line is: later lines with other keys are refused as today's import refuses them.
    const columns = await jsonlColumns(await file.open(), limits, (keys) => !isDatapointLayout(keys));
    return columns && jsonlTableSchema(columns);
  } catch (error) {
    if (error instanceof DomainError) throw new DomainError(error.code, `${file.path}: ${error.message}`, error.issues);
    throw error;
  }
}

/** The schemas of a split's files (its shards), which must be one: a split is one table. Null: datashelf's own layout. */
export function splitSchemaOf(split: string, schemas: (PushedSchema | null)[]): PushedSchema | null {
  const [first, ...others] = schemas;
  const columns = (schema: PushedSchema | null) => JSON.stringify(schema?.elements ?? null);
  if (others.some((s) => columns(s) !== columns(first))) {
    throw badRequest(`the shards of the split ${split} have different columns; a split's shards are one table`);
  }
  return first ?? null;
}

/** A schema as the store keeps it. */
export function keptText(split: string, schema: PushedSchema): string {
  const text = JSON.stringify(schema);
  if (Buffer.byteLength(text) > SCHEMA_MAX_BYTES) {
    throw badRequest(`the split ${split}'s schema and metadata are larger than ${SCHEMA_MAX_BYTES} bytes, more than datashelf keeps`);
  }
  return text;
}

export const pushedSchemaOfText = (text: string): PushedSchema => JSON.parse(text) as PushedSchema;

function asyncBufferOf(file: PushedBytes): AsyncBuffer {
  return {
    byteLength: file.bytes,
    slice: async (start, end = file.bytes) => {
      if (end <= start) return new ArrayBuffer(0);
      const bytes = await file.range(start, end);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
  };
}

/** What a commit's data files make of its splits: which files are tables, and each named split's kept schema. */
export interface PushedTables {
  /** By file, in the commit's order: whether its rows are tables' rows (each whole a datapoint's input). */
  asInput: boolean[];
  /** Every split the commit names (deleted ones too): its schema, or null when it keeps none. */
  schemas: SplitSchemaChange[];
}

export async function pushedTables(files: PushedBytes[], named: string[]): Promise<PushedTables> {
  const schemas: (PushedSchema | null)[] = [];
  for (const file of files) schemas.push(await pushedSchemaOf(file));
  const kept = (split: string) => {
    const schema = splitSchemaOf(
      split,
      schemas.filter((_, i) => files[i].split === split),
    );
    return schema && keptText(split, schema);
  };
  return { asInput: schemas.map((s) => s !== null), schemas: named.map((split) => ({ split, schema: kept(split) })) };
}
