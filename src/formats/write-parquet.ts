import { Readable } from 'node:stream';
import { ByteWriter, ParquetWriter, type ColumnSource } from 'hyparquet-writer';
import type { KeyValue, SchemaElement } from 'hyparquet';
import type { DatapointRecord } from '../model/datapoints.js';
import type { SourceFile } from '../model/imports.js';
import { EXPORT_COLUMNS, type ColumnKind } from './export-columns.js';
import { featuresMetadata, fileColumnName, fileColumnSchema, type FileColumn } from './hf-features.js';

/** Rows per row group: each is built in memory, so this bounds what an export holds (5,000 grew the heap by ~200 MB; bench/README.md). */
const GROUP_ROWS = 1000;
/** File bytes past which a row group is written early: a group of images is held whole until then. */
const GROUP_FILE_BYTES = 64 * 1024 * 1024;
/** Datapoints whose files are read at once. */
const FILE_BATCH = 32;

/**
 * The attachments of an export as Parquet columns of files: which columns, and the
 * files of each datapoint (by attachment name) for a few datapoints at a time.
 */
export interface ParquetFiles {
  columns: FileColumn[];
  filesOf(batch: DatapointRecord[]): Promise<Record<string, SourceFile>[]>;
}

const ELEMENT: Record<ColumnKind, Omit<SchemaElement, 'name'>> = {
  text: { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  json: { type: 'BYTE_ARRAY', converted_type: 'JSON', repetition_type: 'OPTIONAL' },
  integer: { type: 'INT64', repetition_type: 'REQUIRED' },
  list: { repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
};

/** Attachments are written as columns of files (`{bytes, path}`), not as the ids a JSON export carries. */
const FIELD_COLUMNS = EXPORT_COLUMNS.filter((c) => c.name !== 'attachments');
const FIELD_NAMES = new Set<string>(FIELD_COLUMNS.map((c) => c.name));

/**
 * JSON-valued fields are Parquet JSON columns (any shape fits; pandas and DuckDB read
 * them as JSON text), tags and splits lists of strings, integers INT64; then a column
 * of files per attachment name.
 */
function schemaOf(files: FileColumn[]): SchemaElement[] {
  return [
    { name: 'root', num_children: FIELD_COLUMNS.length + files.length },
    ...FIELD_COLUMNS.flatMap(({ name, kind }): SchemaElement[] =>
      kind === 'list'
        ? [
            { name, ...ELEMENT.list },
            { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
            { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
          ]
        : [{ name, ...ELEMENT[kind] }],
    ),
    ...files.flatMap((c) => fileColumnSchema(c.name)),
  ];
}

function columnData(batch: DatapointRecord[]): ColumnSource[] {
  return FIELD_COLUMNS.map(({ name, kind }) => {
    const values = batch.map((d) => d[name]);
    switch (kind) {
      case 'integer':
        return { name, data: values.map((v) => BigInt(v as number)) };
      case 'json':
      case 'list':
        // Statistics of whole JSON documents would bloat the footer and help no reader.
        return { name, data: values.map((v) => JSON.parse(v as string) as unknown), statistics: kind === 'list' };
      case 'text':
        return { name, data: values };
    }
  });
}

/** A column of files as written: under which name, and which attachment name it holds. */
interface WrittenFiles extends FileColumn {
  attachment: string;
}

/** The file columns of a group: each datapoint's file of that name, or null. */
const fileData = (columns: WrittenFiles[], files: Record<string, SourceFile>[]): ColumnSource[] =>
  columns.map(({ name, attachment }) => ({ name, data: files.map((f) => f[attachment] ?? null), statistics: false }));

/** A group of datapoints being gathered, with the files they hold. */
interface Group {
  rows: DatapointRecord[];
  files: Record<string, SourceFile>[];
  fileBytes: number;
}

/** What a Parquet file of datapoints holds: its schema and key-value metadata, and a row group's columns. */
export interface ParquetLayout {
  schema: SchemaElement[];
  kvMetadata: KeyValue[];
  columnData(rows: DatapointRecord[], files: Record<string, SourceFile>[]): ColumnSource[];
}

/**
 * Datapoints as Parquet of a layout, a row group at a time: memory holds one group,
 * never the file. With `files`, each group's datapoints' files are read as it fills.
 */
export async function* parquetRows(
  datapoints: AsyncIterable<DatapointRecord>,
  layout: ParquetLayout,
  files: ParquetFiles | undefined,
): AsyncGenerator<Buffer> {
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({ writer, schema: layout.schema, createdBy: 'datashelf', kvMetadata: layout.kvMetadata });
  // The writer only appends, so the bytes so far can be handed on and its buffer reused.
  const written = () => {
    const bytes = Buffer.from(writer.buffer.slice(0, writer.index));
    writer.index = 0;
    return bytes;
  };
  let group: Group = { rows: [], files: [], fileBytes: 0 };
  const write = (g: Group) => parquet.write({ columnData: layout.columnData(g.rows, g.files), rowGroupSize: g.rows.length });
  let pending: DatapointRecord[] = [];
  const gather = async () => {
    const found: Record<string, SourceFile>[] = files ? await files.filesOf(pending) : pending.map(() => ({}));
    group.rows.push(...pending);
    group.files.push(...found);
    for (const f of found) for (const file of Object.values(f)) group.fileBytes += file.bytes.length;
    pending = [];
  };
  for await (const d of datapoints) {
    pending.push(d);
    if (pending.length < Math.min(FILE_BATCH, GROUP_ROWS - group.rows.length)) continue;
    await gather();
    if (group.rows.length < GROUP_ROWS && group.fileBytes < GROUP_FILE_BYTES) continue;
    await write(group);
    group = { rows: [], files: [], fileBytes: 0 };
    yield written();
  }
  await gather();
  if (group.rows.length) await write(group);
  await parquet.finish();
  yield written();
}

/** Datapoint fields as columns, then a column of files per attachment name. */
function datapointLayout(files: FileColumn[]): ParquetLayout {
  const columns = files.map((c): WrittenFiles => ({ ...c, attachment: c.name, name: fileColumnName(c.name, FIELD_NAMES) }));
  return {
    schema: schemaOf(columns),
    kvMetadata: featuresMetadata(columns),
    columnData: (rows, found) => [...columnData(rows), ...fileData(columns, found)],
  };
}

/** Datapoints as Parquet; with `files`, their attachments as columns of files (Hugging Face `Image` / `Audio` where they are). */
export const parquetExport = (datapoints: AsyncIterable<DatapointRecord>, files?: ParquetFiles): Readable =>
  Readable.from(parquetRows(datapoints, datapointLayout(files?.columns ?? []), files?.columns.length ? files : undefined));
