import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';

/** Columns whose cells hold JSON (as datashelf's CSV export writes them); plain text is kept as a string. */
const JSON_COLUMNS = new Set(['input', 'expected_output', 'output', 'context', 'metadata']);
const TEXT_COLUMNS = new Set(['prompt', 'persona', 'source', 'agent', 'generator_model']);
/** Server-owned columns of an export, ignored on import so an export re-imports cleanly. */
const OWNED = new Set(['id', 'seq', 'version', 'created_at', 'updated_at']);

function jsonOrText(cell: string): unknown {
  try {
    return JSON.parse(cell);
  } catch {
    return cell;
  }
}

/** One CSV record (header -> cell) as a datapoint; unknown columns land in metadata. */
export function datapointFromCsv(record: Record<string, string>): Record<string, unknown> {
  const datapoint: Record<string, unknown> = {};
  const extra: Record<string, string> = {};
  for (const [column, cell] of Object.entries(record)) {
    if (OWNED.has(column) || cell === '') continue;
    if (JSON_COLUMNS.has(column)) datapoint[column] = jsonOrText(cell);
    else if (TEXT_COLUMNS.has(column)) datapoint[column] = cell;
    else if (column === 'tags') datapoint.tags = Array.isArray(jsonOrText(cell)) ? jsonOrText(cell) : cell.split('|');
    else if (column === 'order') datapoint.order = Number(cell);
    else extra[column] = cell;
  }
  if (Object.keys(extra).length) datapoint.metadata = { ...(datapoint.metadata as object | undefined), ...extra };
  return datapoint;
}

/** NDJSON lines of datapoints from a CSV stream with a header row. */
export async function* csvToNdjson(input: Readable): AsyncGenerator<string> {
  for await (const record of input.pipe(parse({ columns: true, bom: true, skip_empty_lines: true }))) {
    yield JSON.stringify(datapointFromCsv(record as Record<string, string>)) + '\n';
  }
}
