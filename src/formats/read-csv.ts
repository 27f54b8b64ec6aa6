import { COLUMN_TYPES, type ColumnType, type SourceRecord } from '../model/imports.js';
import { badRequest, DomainError, invalid } from '../domain/errors.js';
import { CsvTokenizer, type CsvRecord } from './csv-tokens.js';
import { jsonProblem, textProblem } from './json-input.js';

export interface CsvLimits {
  maxBytes: number;
  /** One record, in characters. */
  maxRecordChars: number;
  maxColumns: number;
}

/** A header's `:word` ending, which says the column's type. */
const TYPE_SUFFIX = /^(.+):([a-z]+)$/s;

/**
 * `input:json` names the column `input` and says its cells hold JSON. An unknown type
 * word is refused rather than kept in the name, where it would quietly become a field of
 * its own; a header the mapping types whole (`types: {"note:important": "text"}`) keeps
 * its colon.
 */
function headerColumn(raw: string, types: Record<string, ColumnType>): { name: string; type?: ColumnType } {
  const [, name, suffix] = TYPE_SUFFIX.exec(raw) ?? [];
  if (suffix === undefined || raw in types) return { name: raw };
  if ((COLUMN_TYPES as readonly string[]).includes(suffix)) return { name, type: suffix as ColumnType };
  const message = `a column's type is one of ${COLUMN_TYPES.join(', ')}`;
  throw badRequest(
    `the CSV header types column "${name}" as "${suffix}"; ${message} (to keep the colon in the column's name, type it whole in the mapping: "types": {"${raw}": "text"})`,
    [{ field: `header/${raw}`, message }],
  );
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

type Column = { name: string; read: (typeof READERS)[ColumnType] };

/** A record as a row: its cells read as their columns say, when first read (an upsert may never need to). */
class CsvRow implements SourceRecord {
  readonly at: string;
  readonly raw: string;
  private read: Record<string, unknown> | undefined;

  constructor(
    private readonly columns: Column[],
    private readonly cells: (string | null)[],
    { line, raw }: Omit<CsvRecord, 'cells'>,
    row: number,
  ) {
    this.at = `row ${row} (line ${line})`;
    this.raw = raw;
    if (cells.length !== columns.length) {
      throw badRequest(`${this.at} has ${cells.length} cells; the header names ${columns.length} columns`, [
        { field: this.at, message: 'wrong number of cells' },
      ]);
    }
  }

  get value(): Record<string, unknown> {
    return (this.read ??= this.convert());
  }

  private convert(): Record<string, unknown> {
    const value: Record<string, unknown> = {};
    for (let i = 0; i < this.columns.length; i++) {
      const { name, read } = this.columns[i];
      const cell = this.cells[i];
      if (name === '') continue;
      if (cell === null) {
        value[name] = null;
        continue;
      }
      const problem = textProblem(cell);
      const result = problem ? { problem } : read(cell);
      if ('problem' in result) {
        throw invalid(`${this.at}, column "${name}": ${result.problem}`, [{ field: `${this.at}/${name}`, message: result.problem }]);
      }
      value[name] = result.value;
    }
    return value;
  }
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
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const tokens = new CsvTokenizer(limits.maxRecordChars);
  let columns: Column[] | null = null;
  let row = 0;
  let seen = 0;
  function* rows(records: CsvRecord[]): Generator<SourceRecord> {
    for (const record of records) {
      if (columns === null) columns = header(record.cells, types, limits.maxColumns);
      else yield new CsvRow(columns, record.cells, record, ++row);
    }
  }
  for await (const chunk of stream) {
    if ((seen += chunk.length) > limits.maxBytes)
      throw new DomainError('payload_too_large', `a streamed body may be at most ${limits.maxBytes} bytes`);
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw badRequest(`the CSV is not UTF-8 text (near byte ${seen - chunk.length}); save it as UTF-8`);
    }
    yield* rows(tokens.push(text));
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw badRequest('the CSV is not UTF-8 text: it ends inside a character');
  }
  yield* rows(tokens.push(rest, true));
  if (columns === null) throw badRequest('the CSV is empty: it needs a header row naming its columns');
}

function header(cells: (string | null)[], types: Record<string, ColumnType>, maxColumns: number): Column[] {
  if (cells.length > maxColumns) throw badRequest(`the CSV has ${cells.length} columns; at most ${maxColumns} are read`);
  const seen = new Set<string>();
  return cells.map((raw) => {
    const { name, type } = headerColumn(raw ?? '', types);
    if (name !== '' && seen.has(name)) throw badRequest(`the CSV header names column "${name}" twice`);
    seen.add(name);
    return { name, read: READERS[types[name] ?? type ?? 'text'] };
  });
}
