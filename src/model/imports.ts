import { Type, type Static, type TOptional } from '@sinclair/typebox';
import { Nullable, StringEnum, Uuid } from './kit.js';
import { LIMITS } from './limits.js';
import { CONTENT_FIELDS, type ContentField } from './datapoint-fields.js';

/**
 * How an import's rows become a version: `add` them; `replace` the dataset with them;
 * `upsert` them (matched on `id` or `external_id`: changed rows updated, new ones
 * added, unchanged ones left alone); `sync` as upsert, and rows absent from the file deleted.
 */
export const IMPORT_MODES = ['add', 'replace', 'upsert', 'sync'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const IMPORT_FORMATS = ['jsonl', 'csv', 'parquet'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The datapoint fields an import can fill, and `id`, which (like `external_id`) names a datapoint to update. */
export type MappableField = ContentField | 'id';
export const MAPPABLE_FIELDS: readonly MappableField[] = [...CONTENT_FIELDS, 'id'];

/** How a cell of a CSV column is read: text unless said otherwise. */
export const COLUMN_TYPES = ['text', 'json', 'number', 'integer', 'boolean'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

const Path = Type.String({
  minLength: 1,
  maxLength: LIMITS.nameLength,
  description: 'a column, a key, or a dotted path into nested JSON (`data.prompt`)',
});

/**
 * Where a field's value comes from: one column or path; several, gathered into an
 * object keyed by each one's last segment; or an object naming its keys.
 */
export const FieldSource = Type.Union([
  Path,
  Type.Array(Path, { minItems: 1, maxItems: LIMITS.mappingSourcesMax }),
  Type.Record(Type.String({ minLength: 1, maxLength: LIMITS.nameLength }), Path, { maxProperties: LIMITS.mappingSourcesMax }),
]);
export type FieldSource = Static<typeof FieldSource>;

const FIELD_SOURCES = Object.fromEntries(MAPPABLE_FIELDS.map((f) => [f, Type.Optional(FieldSource)])) as {
  [F in MappableField]: TOptional<typeof FieldSource>;
};

export const Mapping = Type.Object(
  {
    fields: Type.Optional(
      Type.Object(FIELD_SOURCES, {
        additionalProperties: false,
        description: 'datapoint field -> where its value comes from; unmapped fields keep their own names',
      }),
    ),
    rest: Type.Optional(
      StringEnum(['metadata', 'drop', 'error'], {
        description:
          'what becomes of columns or keys nothing maps: merged into metadata, dropped, or refused (default: metadata for CSV and Parquet, error for JSON lines)',
      }),
    ),
    types: Type.Optional(
      Type.Record(Type.String({ maxLength: LIMITS.nameLength }), StringEnum(['text', 'json', 'number', 'integer', 'boolean']), {
        maxProperties: LIMITS.mappingSourcesMax,
        description: 'CSV: how a column is read (a `name:type` header says the same); text by default',
      }),
    ),
    tag_separator: Type.Optional(
      Type.String({ minLength: 1, maxLength: 8, description: 'split text tags on this (`a|b` is two tags with `|`)' }),
    ),
    metadata_only: Type.Optional(Type.Boolean({ description: 'allow rows that fill neither input nor expected_output' })),
  },
  { title: 'Mapping', additionalProperties: false },
);
export type Mapping = Static<typeof Mapping>;

/** A file in a source row: its bytes, and the path it was known by (null when none was kept). */
export interface SourceFile {
  bytes: Uint8Array;
  path: string | null;
}

/**
 * One row of a source file: where it is (for messages: `line 3`, `row 2 (line 3)`) and
 * its columns or keys (which a reader may parse only when first read: an error then
 * names the row all the same).
 */
export interface SourceRecord {
  readonly at: string;
  readonly value: Record<string, unknown>;
  /** Cells that hold files (a Parquet `Image` / `Audio` column), by column: each becomes an attachment of that name. */
  readonly files?: Record<string, SourceFile>;
  /** The attachment ids those files were stored as, by column, once they were (see the import pipeline). */
  readonly attachments?: Record<string, string>;
  /** The text the row was read from (a JSON line, a CSV record), when there was one. */
  raw?: string;
}

export const ImportResult = Type.Object(
  {
    dataset_id: Uuid,
    version: Type.Integer({ description: 'the version the import made, or the head when it changed nothing' }),
    created: Type.Boolean({ description: 'false when an upsert or sync changed nothing: no version was made' }),
    rows: Type.Integer({ description: 'rows read' }),
    added: Type.Integer(),
    updated: Type.Integer(),
    deleted: Type.Integer(),
    unchanged: Type.Integer(),
    datapoint_count: Type.Integer(),
    message: Nullable(Type.String()),
  },
  { title: 'ImportResult' },
);
export type ImportResult = Static<typeof ImportResult>;
