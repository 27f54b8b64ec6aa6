import { Readable } from 'node:stream';
import { ByteWriter, ParquetWriter, type ColumnSource } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import type { DatapointRecord } from '../model/datapoints.js';
import { EXPORT_COLUMNS, type ColumnKind } from './export-columns.js';

/** Rows per row group: each is built in memory, so this bounds what an export holds (5,000 grew the heap by ~200 MB; bench/README.md). */
const GROUP_ROWS = 1000;

const ELEMENT: Record<ColumnKind, Omit<SchemaElement, 'name'>> = {
  text: { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  json: { type: 'BYTE_ARRAY', converted_type: 'JSON', repetition_type: 'OPTIONAL' },
  integer: { type: 'INT64', repetition_type: 'REQUIRED' },
  list: { repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
};

/**
 * JSON-valued fields are Parquet JSON columns (any shape fits; pandas and DuckDB read
 * them as JSON text), tags and splits lists of strings, integers INT64.
 */
const SCHEMA: SchemaElement[] = [
  { name: 'root', num_children: EXPORT_COLUMNS.length },
  ...EXPORT_COLUMNS.flatMap(({ name, kind }): SchemaElement[] =>
    kind === 'list'
      ? [
          { name, ...ELEMENT.list },
          { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
          { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        ]
      : [{ name, ...ELEMENT[kind] }],
  ),
];

function columnData(batch: DatapointRecord[]): ColumnSource[] {
  return EXPORT_COLUMNS.map(({ name, kind }) => {
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

/** Datapoints as Parquet, a row group at a time: memory holds one group, never the file. */
async function* parquetBytes(datapoints: AsyncIterable<DatapointRecord>): AsyncGenerator<Buffer> {
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({ writer, schema: SCHEMA, createdBy: 'datashelf' });
  // The writer only appends, so the bytes so far can be handed on and its buffer reused.
  const written = () => {
    const bytes = Buffer.from(writer.buffer.slice(0, writer.index));
    writer.index = 0;
    return bytes;
  };
  let batch: DatapointRecord[] = [];
  for await (const d of datapoints) {
    batch.push(d);
    if (batch.length < GROUP_ROWS) continue;
    await parquet.write({ columnData: columnData(batch), rowGroupSize: GROUP_ROWS });
    batch = [];
    yield written();
  }
  if (batch.length) await parquet.write({ columnData: columnData(batch), rowGroupSize: GROUP_ROWS });
  await parquet.finish();
  yield written();
}

export const parquetExport = (datapoints: AsyncIterable<DatapointRecord>): Readable => Readable.from(parquetBytes(datapoints));
