import { Readable } from 'node:stream';
import type { DatapointRecord } from '../model/datapoints.js';
import { datapointJson } from './datapoint-json.js';
import { csvExport } from './write-csv.js';
import { openaiExample } from './write-openai.js';
import { parquetExport } from './write-parquet.js';

export const EXPORT_FORMATS = ['jsonl', 'csv', 'parquet', 'openai'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  openai: 'application/x-ndjson; charset=utf-8',
};

export const EXTENSIONS: Record<ExportFormat, string> = { jsonl: 'jsonl', csv: 'csv', parquet: 'parquet', openai: 'openai.jsonl' };

function lines(datapoints: AsyncIterable<DatapointRecord>, line: (d: DatapointRecord) => string | null): Readable {
  return Readable.from(
    (async function* () {
      for await (const d of datapoints) {
        const text = line(d);
        if (text !== null) yield text + '\n';
      }
    })(),
  );
}

/** A byte stream of the datapoints in the format, pulled from the source as the client reads. */
export function exportStream(datapoints: AsyncIterable<DatapointRecord>, format: ExportFormat): Readable {
  switch (format) {
    case 'jsonl':
      return lines(datapoints, datapointJson);
    case 'openai':
      return lines(datapoints, openaiExample);
    case 'csv':
      return csvExport(datapoints);
    case 'parquet':
      return parquetExport(datapoints);
  }
}
