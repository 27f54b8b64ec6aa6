import { Readable } from 'node:stream';
import { parse, CsvError, type CastingContext, type Options } from 'csv-parse';
import { COLUMN_TYPES, type ColumnType, type SourceRecord } from '../model/imports.js';
import { badRequest, DomainError, invalid } from '../domain/errors.js';
import { jsonProblem, textProblem } from './json-input.js';

export interface CsvLimits {
  maxBytes: number;
  /** One record, in characters. */
  maxRecordChars: number;
  maxColumns: number;
}

/** A cell as the parser hands it over: null when the field was empty and unquoted. */
type Cell = string | null;
/** A record and the line it starts on. */
interface Row {
  cells: Cell[];
  line: number;
}

const utf8 = () => new TextDecoder('utf-8', { fatal: true });

/** The body as text, decoded strictly (bytes that are not UTF-8 are refused) and bounded. */
async function* text(stream: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<string> {
  const decoder = utf8();
  let seen = 0;
  for await (const chunk of stream) {
    seen += chunk.length;
    if (seen > maxBytes) throw new DomainError('payload_too_large', `a streamed body may be at most ${maxBytes} bytes`);
    try {
      yield decoder.decode(chunk, { stream: true });
    } catch {
      throw badRequest(`the CSV is not UTF-8 text (near byte ${seen - chunk.length}); save it as UTF-8`);
    }
  }
  yield decoder.decode();
}

/** `input:json` names the column `input` and says its cells hold JSON. */
function headerColumn(raw: string): { name: string; type?: ColumnType } {
  const colon = raw.lastIndexOf(':');
  const suffix = colon > 0 ? raw.slice(colon + 1) : '';
  return (COLUMN_TYPES as readonly string[]).includes(suffix) ? { name: raw.slice(0, colon), type: suffix as ColumnType } : { name: raw };
}

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^-?\d+$/;

/** How a cell of each type is read; a cell it cannot read yields the reason. */
const READERS: Record<ColumnType, (cell: string) => { value: unknown } | { problem: string }> = {
  text: (cell) => ({ value: cell }),
  json: (cell) => {
    let value: unknown;
    try {
      value = JSON.parse(cell);
    } catch (error) {
      return { problem: `is not valid JSON (${(error as Error).message})` };
    }
    const problem = jsonProblem(value);
    return problem ? { problem: `${problem.field ? `at ${problem.field} ` : ''}${problem.message}` } : { value };
  },
  number: (cell) => (NUMBER.test(cell) && Number.isFinite(Number(cell)) ? { value: Number(cell) } : { problem: 'is not a number' }),
  integer: (cell) =>
    INTEGER.test(cell) && Number.isSafeInteger(Number(cell)) ? { value: Number(cell) } : { problem: 'is not a whole number within ±2^53' },
  boolean: (cell) => {
    const lower = cell.toLowerCase();
    return lower === 'true' || lower === 'false' ? { value: lower === 'true' } : { problem: 'is not true or false' };
  },
};

function parserError(error: unknown): unknown {
  if (error instanceof CsvError) return badRequest(`the CSV does not parse: ${error.message}`);
  return error;
}

/**
 * The rows of a CSV body with a header row, read as they arrive. A cell is text unless
 * its column is typed, by a `name:type` header or by `types`; an empty unquoted cell is
 * null and a quoted one (`""`) the empty string, so what datashelf exports reads back
 * exactly. Columns without a header (a spreadsheet's index) are skipped.
 */
export async function* csvRecords(
  stream: AsyncIterable<Buffer>,
  limits: CsvLimits,
  types: Record<string, ColumnType> = {},
): AsyncGenerator<SourceRecord> {
  // Where a record starts: the line after the previous one ended, past any blank lines skipped.
  let lastEnd = 0;
  let lastBlank = 0;
  const options: Options<Row, Cell[]> = {
    bom: true,
    relax_column_count: false,
    // A quote inside an unquoted cell (`say "hi"`) is text, as spreadsheets read it.
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: limits.maxRecordChars,
    cast: (value: string, context: CastingContext) => (value === '' && !context.quoting ? null : value),
    on_record: (cells, context) => {
      const line = lastEnd + 1 + (context.empty_lines - lastBlank);
      lastEnd = context.lines;
      lastBlank = context.empty_lines;
      return { cells, line };
    },
  };
  const parser = parse(options as unknown as Options);
  const source = Readable.from(text(stream, limits.maxBytes));
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  let columns: { name: string; read: (typeof READERS)[ColumnType] }[] | null = null;
  let row = 0;
  try {
    for await (const { cells, line } of parser as AsyncIterable<Row>) {
      if (columns === null) {
        columns = header(cells, types, limits.maxColumns);
        continue;
      }
      row += 1;
      const at = `row ${row} (line ${line})`;
      const value: Record<string, unknown> = {};
      for (let i = 0; i < columns.length; i++) {
        const { name, read } = columns[i];
        const cell = cells[i];
        if (name === '') continue;
        if (cell === null) {
          value[name] = null;
          continue;
        }
        const problem = textProblem(cell);
        const result = problem ? { problem } : read(cell);
        if ('problem' in result) {
          throw invalid(`${at}, column "${name}": ${result.problem}`, [{ field: `${at}/${name}`, message: result.problem }]);
        }
        value[name] = result.value;
      }
      yield { at, value };
    }
  } catch (error) {
    throw parserError(error);
  } finally {
    source.destroy();
  }
  if (columns === null) throw badRequest('the CSV is empty: it needs a header row naming its columns');
}

function header(cells: Cell[], types: Record<string, ColumnType>, maxColumns: number) {
  if (cells.length > maxColumns) throw badRequest(`the CSV has ${cells.length} columns; at most ${maxColumns} are read`);
  const seen = new Set<string>();
  return cells.map((raw) => {
    const { name, type } = headerColumn(raw ?? '');
    if (name !== '' && seen.has(name)) throw badRequest(`the CSV header names column "${name}" twice`);
    seen.add(name);
    return { name, read: READERS[types[name] ?? type ?? 'text'] };
  });
}
