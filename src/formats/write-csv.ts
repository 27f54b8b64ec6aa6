import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { DatapointRecord } from '../model/datapoints.js';
import { EXPORT_COLUMNS } from './export-columns.js';

/**
 * The header says how each column reads back (`input:json`, `order:integer`; text when
 * unsaid), so an exported CSV imports exactly: JSON columns hold JSON text, a null text
 * is an empty cell and an empty text a quoted one (`""`).
 */
const HEADER = EXPORT_COLUMNS.map(({ name, kind }) => (kind === 'text' ? name : `${name}:${kind === 'list' ? 'json' : kind}`));

/** Datapoints as CSV, a row at a time as the client reads. */
export function csvExport(datapoints: AsyncIterable<DatapointRecord>): Readable {
  const rows = Readable.from(
    (async function* () {
      for await (const d of datapoints) yield EXPORT_COLUMNS.map(({ name }) => d[name]);
    })(),
  );
  const csv = stringify({ header: true, columns: HEADER, quoted_match: /^$/ });
  rows.on('error', (error) => csv.destroy(error));
  return rows.pipe(csv);
}
