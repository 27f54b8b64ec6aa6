import type { ImportFormat, Mapping, SourceRecord } from '../model/imports.js';
import { LIMITS } from '../model/limits.js';
import { csvRecords } from './read-csv.js';
import { jsonlRecords } from './read-jsonl.js';
import { parquetRecords } from './read-parquet.js';

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
