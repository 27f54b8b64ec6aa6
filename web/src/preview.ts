import Papa from 'papaparse';
import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

export type Format = 'jsonl' | 'csv' | 'parquet';

export interface Preview {
  format: Format;
  columns: string[];
  rows: Record<string, unknown>[];
  /** Rows in the file, when the format says (Parquet); else unknown until imported. */
  total: number | null;
}

const ROWS = 10;
/** Enough of a text file for ten rows of any sensible width; the file is never read whole. */
const HEAD_BYTES = 256 * 1024;

export function formatOf(name: string): Format | null {
  const lower = name.toLowerCase().replace(/\.gz$/, '');
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.parquet')) return 'parquet';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json')) return 'jsonl';
  return null;
}

/** A CSV header `name:type` names the column `name`. */
const columnName = (header: string) => header.replace(/:(text|json|number|integer|boolean)$/, '');

function columnsOf(rows: Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

export const isGzip = (file: File) => file.name.toLowerCase().endsWith('.gz');

/** The first HEAD_BYTES of the file's text (decompressed, for a .gz), cut at the last whole line. */
async function headText(file: File): Promise<string> {
  if (!isGzip(file)) {
    const head = await file.slice(0, HEAD_BYTES).text();
    return file.size <= HEAD_BYTES ? head : head.slice(0, head.lastIndexOf('\n') + 1);
  }
  const reader = file.stream().pipeThrough(new DecompressionStream('gzip')).pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return text;
    text += value;
    if (text.length >= HEAD_BYTES) {
      await reader.cancel();
      return text.slice(0, text.lastIndexOf('\n') + 1);
    }
  }
}

async function textPreview(file: File, format: 'csv' | 'jsonl'): Promise<Preview> {
  const complete = await headText(file);
  if (format === 'csv') {
    const parsed = Papa.parse<Record<string, string>>(complete, { header: true, skipEmptyLines: true, preview: ROWS });
    const columns = (parsed.meta.fields ?? []).filter(Boolean).map(columnName);
    const rows = parsed.data.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [columnName(k), v])));
    return { format, columns, rows, total: null };
  }
  const rows = complete
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, ROWS)
    .map((line, i) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`line ${i + 1} is not JSON`);
      }
    });
  return { format, columns: columnsOf(rows), rows, total: null };
}

/**
 * The first `count` rows of a Parquet file and its columns: its footer is read, then only
 * the pages those rows are in, however large the file (a local file's slices, or a URL's ranges).
 */
export async function parquetHead(buffer: AsyncBuffer, count = ROWS): Promise<Preview> {
  const metadata = await parquetMetadataAsync(buffer);
  const rows = (await parquetReadObjects({ file: buffer, metadata, rowEnd: count, compressors })) as Record<string, unknown>[];
  return { format: 'parquet', columns: columnsOf(rows), rows, total: Number(metadata.num_rows) };
}

/** The first rows of a file and its columns, read in the browser, before anything is sent. */
export function previewFile(file: File, format: Format): Promise<Preview> {
  if (format !== 'parquet') return textPreview(file, format);
  return parquetHead({ byteLength: file.size, slice: (start, end) => file.slice(start, end).arrayBuffer() });
}
