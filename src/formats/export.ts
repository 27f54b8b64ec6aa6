import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { DatapointRecord } from '../model/datapoints.js';
import { datapointJson } from './datapoint-json.js';

export type ExportFormat = 'jsonl' | 'csv';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** CSV columns; JSON-valued ones hold their JSON text. */
const CSV_COLUMNS = [
  'id',
  'seq',
  'order',
  'input',
  'expected_output',
  'output',
  'context',
  'prompt',
  'persona',
  'tags',
  'source',
  'agent',
  'generator_model',
  'metadata',
  'version',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof DatapointRecord)[];

/** A byte stream of the datapoints in the format, pulled from the source as the client reads. */
export function exportStream(datapoints: AsyncIterable<DatapointRecord>, format: ExportFormat): Readable {
  if (format === 'jsonl') {
    return Readable.from(
      (async function* () {
        for await (const d of datapoints) yield datapointJson(d) + '\n';
      })(),
    );
  }
  const rows = Readable.from(
    (async function* () {
      for await (const d of datapoints) yield CSV_COLUMNS.map((c) => d[c]);
    })(),
  );
  const csv = stringify({ header: true, columns: [...CSV_COLUMNS] });
  rows.on('error', (error) => csv.destroy(error));
  return rows.pipe(csv);
}
