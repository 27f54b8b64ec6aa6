import type { ImportFormat, Mapping, SourceRecord } from '../model/imports.js';
import { LIMITS } from '../model/limits.js';
import { csvRecords } from './read-csv.js';
import { jsonlRecords } from './read-jsonl.js';
import { parquetRecords } from './read-parquet.js';

/** Media types each import format arrives as. */
export const MEDIA_TYPES: Record<ImportFormat, string[]> = {
  jsonl: ['application/x-ndjson', 'application/jsonl', 'application/json-lines'],
  csv: ['text/csv'],
  parquet: ['application/vnd.apache.parquet', 'application/x-parquet'],
};

/** The format a media type says, if any (`application/octet-stream` says none). */
export function formatOf(contentType: string | undefined): ImportFormat | undefined {
  const type = contentType?.split(';')[0].trim().toLowerCase() ?? '';
  return (Object.keys(MEDIA_TYPES) as ImportFormat[]).find((f) => MEDIA_TYPES[f].includes(type));
}

/** The rows of a body in a format, read as they stream in, within LIMITS. */
export function recordsOf(
  format: ImportFormat,
  body: AsyncIterable<Buffer>,
  mapping: Mapping,
  columns?: string[],
): AsyncIterable<SourceRecord> {
  const maxBytes = LIMITS.importBodyBytes;
  switch (format) {
    case 'jsonl':
      return jsonlRecords(body, { maxBytes, maxLineBytes: LIMITS.importLineBytes, maxItems: LIMITS.importRowsMax });
    case 'csv':
      return csvRecords(body, { maxBytes, maxRecordChars: LIMITS.importLineBytes, maxColumns: LIMITS.importColumnsMax }, mapping.types);
    case 'parquet':
      return parquetRecords(body, { maxBytes, maxColumns: LIMITS.importColumnsMax }, columns);
  }
}
