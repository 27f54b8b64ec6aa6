import fs from 'node:fs';
import { once } from 'node:events';
import { ByteWriter, ParquetWriter, type ColumnSource } from 'hyparquet-writer';
import { datapoint } from './lib.js';

/** Row `i` of the import files: a ~1 KB datapoint with an external id; `changed` rows get another answer. */
export function importRow(i: number, changed = false): Record<string, unknown> {
  return { external_id: `e${i}`, ...datapoint(i), ...(changed && { expected_output: `changed answer ${i}` }) };
}

async function writeLines(file: string, count: number, line: (i: number) => string, header = ''): Promise<number> {
  const out = fs.createWriteStream(file);
  if (header) out.write(header);
  let chunk = '';
  for (let i = 0; i < count; i++) {
    chunk += line(i);
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return fs.statSync(file).size;
}

/** JSON lines; rows whose index `changed` says get a new expected output. */
export const writeJsonl = (file: string, count: number, changed: (i: number) => boolean = () => false) =>
  writeLines(file, count, (i) => JSON.stringify(importRow(i, changed(i))) + '\n');

const cell = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** CSV with typed headers, as datashelf exports it. */
export const writeCsv = (file: string, count: number) =>
  writeLines(
    file,
    count,
    (i) => {
      const r = importRow(i);
      return (
        [
          r.external_id as string,
          JSON.stringify(r.input),
          r.expected_output as string,
          JSON.stringify(r.tags),
          r.source as string,
          JSON.stringify(r.metadata),
        ]
          .map(cell)
          .join(',') + '\n'
      );
    },
    'external_id,input:json,expected_output,tags:json,source,metadata:json\n',
  );

/** Parquet in row groups of 10,000, JSON-valued fields as JSON columns. */
export async function writeParquet(file: string, count: number): Promise<number> {
  const fd = fs.openSync(file, 'w');
  const writer = new ByteWriter();
  const flush = () => {
    fs.writeSync(fd, new Uint8Array(writer.buffer, 0, writer.index));
    writer.index = 0;
  };
  const text = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' } as const;
  const json = { type: 'BYTE_ARRAY', converted_type: 'JSON', repetition_type: 'OPTIONAL' } as const;
  const columns = { external_id: text, input: json, expected_output: text, tags: json, source: text, metadata: json };
  const parquet = new ParquetWriter({
    writer,
    schema: [{ name: 'root', num_children: 6 }, ...Object.entries(columns).map(([name, element]) => ({ name, ...element }))],
  });
  for (let start = 0; start < count; start += 10_000) {
    const rows = Array.from({ length: Math.min(10_000, count - start) }, (_, j) => importRow(start + j));
    const columnData: ColumnSource[] = Object.keys(columns).map((name) => ({ name, data: rows.map((r) => r[name]), statistics: false }));
    await parquet.write({ columnData, rowGroupSize: 10_000 });
    flush();
  }
  await parquet.finish();
  flush();
  fs.closeSync(fd);
  return fs.statSync(file).size;
}
