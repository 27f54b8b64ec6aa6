import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable, Transform } from 'node:stream';
import {
  asyncBufferFromFile,
  parquetMetadataAsync,
  parquetReadObjects,
  parquetSchema,
  type AsyncBuffer,
  type FileMetaData,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { SourceFile, SourceRecord } from '../model/imports.js';
import { LIMITS } from '../model/limits.js';
import { badRequest, DomainError, invalid } from '../domain/errors.js';
import { textProblem } from './json-input.js';
import { attachmentNameOf, fileColumnsOf } from './hf-features.js';
import { isoOfTimestamp } from './timestamps.js';

export interface ParquetLimits {
  maxBytes: number;
  maxColumns: number;
}

/** Rows decoded at a time when the file has an offset index (so a slice reads only its pages). */
const SLICE_ROWS = 4096;

/** A leading byte-order mark is part of the text, as the file holds it. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Text, JSON and binary values are decoded strictly: bytes that are not UTF-8 are
 * refused, not replaced. Timestamps are ISO text with every digit they have (a Date
 * would cut microseconds and nanoseconds off).
 */
const parsers = {
  stringFromBytes: (bytes: Uint8Array) => utf8.decode(bytes),
  jsonFromBytes: (bytes: Uint8Array) => JSON.parse(utf8.decode(bytes)) as unknown,
  timestampFromMilliseconds: (value: bigint) => isoOfTimestamp(value, 'MILLIS'),
  timestampFromMicroseconds: (value: bigint) => isoOfTimestamp(value, 'MICROS'),
  timestampFromNanoseconds: (value: bigint) => isoOfTimestamp(value, 'NANOS'),
};

/** Parquet needs its footer first, so the body is written to a private temporary file as it arrives. */
async function spool(stream: AsyncIterable<Buffer>, file: string, maxBytes: number): Promise<void> {
  let seen = 0;
  const bounded = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) return done(new DomainError('payload_too_large', `a streamed body may be at most ${maxBytes} bytes`));
      done(null, chunk);
    },
  });
  await pipeline(Readable.from(stream), bounded, fs.createWriteStream(file, { mode: 0o600 }));
}

/** A Parquet value as JSON: 64-bit integers as numbers (as text beyond ±2^53), times as ISO text. */
function jsonOf(value: unknown, where: () => string, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string': {
      const problem = textProblem(value);
      if (problem) throw invalid(`${where()}: ${problem}`);
      return value;
    }
    case 'number':
      if (!Number.isFinite(value)) throw invalid(`${where()}: ${value} is not a JSON number; write it as null`);
      return value;
    case 'bigint':
      return value >= Number.MIN_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER ? Number(value) : value.toString();
    case 'boolean':
      return value;
  }
  if (depth >= LIMITS.jsonDepth) throw invalid(`${where()}: nests deeper than ${LIMITS.jsonDepth} levels`);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) {
    try {
      return jsonOf(utf8.decode(value), where, depth);
    } catch {
      throw invalid(
        `${where()}: holds binary data, which a datapoint cannot; leave the column out ("rest": "drop") or map only the columns you need`,
      );
    }
  }
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return Array.from(value as ArrayLike<unknown>, (v) => jsonOf(v, where, depth + 1));
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonOf(v, where, depth + 1)]));
  }
  throw invalid(`${where()}: holds a value datashelf cannot read`);
}

/** A cell of a file column: its bytes and path, or null when it holds no file. */
function fileOf(cell: unknown, where: () => string): SourceFile | null {
  const { bytes, path } = (cell ?? {}) as { bytes?: Uint8Array | null; path?: string | null };
  if (bytes === undefined || bytes === null) {
    if (typeof path === 'string')
      throw invalid(
        `${where()}: names the file ${JSON.stringify(path.slice(0, 200))} without its bytes; datashelf keeps files only with their bytes (embed them, as push_to_hub does)`,
      );
    return null;
  }
  if (typeof path === 'string') {
    const problem =
      path.length > LIMITS.attachmentFilenameLength ? `is longer than ${LIMITS.attachmentFilenameLength} characters` : textProblem(path);
    if (problem) throw invalid(`${where()}: the file's path ${problem}`);
  }
  return { bytes, path: path ?? null };
}

/** A Parquet file's footer; a file that has none is refused. */
export async function metadataOf(file: AsyncBuffer): Promise<FileMetaData> {
  try {
    return await parquetMetadataAsync(file);
  } catch (error) {
    throw badRequest(`the body is not a Parquet file: ${(error as Error).message}`);
  }
}

/** A column chunk without an offset index is read whole for every slice: worth it only when small. */
const WHOLE_CHUNK_BYTES = 4 * 1024 * 1024;

/** Slices of a row group can be read page by page: every large column has an offset index. */
const sliceable = (metadata: FileMetaData, group: number) =>
  metadata.row_groups[group].columns.every(
    (c) => c.offset_index_offset !== undefined || Number(c.meta_data?.total_compressed_size ?? 0) <= WHOLE_CHUNK_BYTES,
  );

/**
 * The rows of a Parquet body, written to a private temporary file as it arrives (Parquet
 * is read from its footer) and read from there.
 */
export async function* parquetRecords(
  stream: AsyncIterable<Buffer>,
  limits: ParquetLimits,
  columns?: string[],
): AsyncGenerator<SourceRecord> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'datashelf-import-'));
  try {
    const file = path.join(dir, 'body.parquet');
    await spool(stream, file, limits.maxBytes);
    yield* parquetFileRecords(file, limits.maxColumns, columns, { files: true });
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/** How many rows a Parquet file holds, from its footer. */
export async function parquetRowCount(file: string): Promise<number> {
  return Number((await metadataOf(await asyncBufferFromFile(file))).num_rows);
}

/**
 * The rows of a Parquet file. Read a slice of rows at a time when the file carries an
 * offset index (datashelf's own exports, hyparquet-writer, pyarrow's write_page_index),
 * else a row group at a time; only `columns` are read when given. With `files`, columns
 * of files (Hugging Face `Image` / `Audio`) come as each record's `files`.
 */
export async function* parquetFileRecords(
  file: string,
  maxColumns: number,
  columns?: string[],
  options: { files?: boolean } = {},
): AsyncGenerator<SourceRecord> {
  const buffer = await asyncBufferFromFile(file);
  const metadata = await metadataOf(buffer);
  const children = parquetSchema(metadata).children;
  const names = children.map((c) => c.element.name);
  if (names.length > maxColumns) throw badRequest(`the Parquet file has ${names.length} columns; at most ${maxColumns} are read`);
  // A reader that cannot keep files (it sends rows on as JSON) leaves them to be refused as binary data.
  const fileColumns = new Set(options.files ? fileColumnsOf(metadata, children).map((c) => c.name) : []);
  // Columns of files become attachments, not fields: they are read whatever else is.
  const wanted = columns && names.filter((c) => columns.includes(c) || fileColumns.has(c));
  let groupStart = 0;
  for (let group = 0; group < metadata.row_groups.length; group++) {
    const groupRows = Number(metadata.row_groups[group].num_rows);
    const step = sliceable(metadata, group) ? SLICE_ROWS : groupRows;
    for (let start = groupStart; start < groupStart + groupRows; start += step) {
      const rows = await readRows(buffer, metadata, start, Math.min(start + step, groupStart + groupRows), wanted);
      for (let i = 0; i < rows.length; i++) {
        const at = `row ${start + i + 1}`;
        const value: Record<string, unknown> = {};
        const files: Record<string, SourceFile> = {};
        for (const [column, cell] of Object.entries(rows[i])) {
          const where = () => `${at}, column "${column}"`;
          if (!fileColumns.has(column)) value[column] = jsonOf(cell, where);
          else {
            const file = fileOf(cell, where);
            if (file) files[attachmentNameOf(column)] = file;
          }
        }
        yield fileColumns.size ? { at, value, files } : { at, value };
      }
    }
    groupStart += groupRows;
  }
}

async function readRows(
  file: Awaited<ReturnType<typeof asyncBufferFromFile>>,
  metadata: FileMetaData,
  rowStart: number,
  rowEnd: number,
  columns: string[] | undefined,
): Promise<Record<string, unknown>[]> {
  try {
    return await parquetReadObjects({ file, metadata, rowStart, rowEnd, columns, compressors, parsers, utf8: false, useOffsetIndex: true });
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw badRequest(`rows ${rowStart + 1}–${rowEnd} of the Parquet file do not read: ${(error as Error).message}`);
  }
}
