import { isInteger, isSafeNumber, parse } from 'lossless-json';
import type { SchemaElement } from 'hyparquet';
import { LIMITS } from '../model/limits.js';
import { invalid } from '../domain/errors.js';
import { ndjsonTexts, parseLine, type NdjsonLimits, type NdjsonText } from './ndjson.js';
import type { TableSchema } from './table-schema.js';

/**
 * The type of a JSON value as Arrow's JSON reader infers it (what `load_dataset` makes of
 * a JSON-lines file): integers are int64 and numbers with a fraction or exponent double,
 * text string, objects structs of their keys in first-seen order, arrays lists; null
 * fits any type, and int64 widens to double. Values of two other kinds under one key
 * are `mixed`: no column holds them.
 */
type Inferred =
  | { t: 'null' | 'boolean' | 'int' | 'double' | 'string' }
  | { t: 'list'; of: Inferred }
  | { t: 'struct'; fields: Map<string, Inferred> }
  | { t: 'mixed'; kinds: [string, string]; line: number };

/** A number as its text, so integers and doubles are told apart and none is rounded. */
class NumberText {
  constructor(readonly text: string) {}
}

/** What a JSON-lines file holds: each key's inferred type (keys in first-seen order), and its first integer a JSON number rounds. */
export interface JsonlColumns {
  row: Inferred;
  rounded: string | null;
}

/**
 * Reads every line of a JSON-lines body and infers its columns; or, when its first
 * line's keys are not a table's (`isTable`), stops there and answers null.
 */
export async function jsonlColumns(
  body: AsyncIterable<Buffer>,
  limits: NdjsonLimits,
  isTable: (keys: string[]) => boolean,
): Promise<JsonlColumns | null> {
  let row: Inferred = { t: 'struct', fields: new Map() };
  const seen: Seen = { rounded: null };
  let first = true;
  for await (const line of ndjsonTexts(body, limits)) {
    const value = losslessLine(line);
    if (first && value instanceof Object && !isTable(Object.keys(value))) return null;
    first = false;
    if (!(value instanceof Object) || Array.isArray(value) || value instanceof NumberText) {
      throw invalid(`line ${line.line}: must be a JSON object`, [{ field: `line ${line.line}`, message: 'must be a JSON object' }]);
    }
    const fields = new Map(Object.entries(value).map(([key, v]) => [key, typeOf(v, { seen, line: line.line, path: `key "${key}"` }, 1)]));
    row = merged(row, { t: 'struct', fields }, line.line);
  }
  return { row, rounded: seen.rounded };
}

function losslessLine(line: NdjsonText): unknown {
  try {
    return parse(line.text, null, { parseNumber: (text) => new NumberText(text), onDuplicateKey: ({ newValue }) => newValue });
  } catch {
    // The message datashelf gives every JSON line it cannot read.
    parseLine(line);
    throw invalid(`line ${line.line}: not valid JSON`, [{ field: `line ${line.line}`, message: 'not valid JSON' }]);
  }
}

interface Seen {
  rounded: string | null;
}

/** Where a value is: the line, and the key (and path inside it). */
interface Place {
  seen: Seen;
  line: number;
  path: string;
}

function typeOf(value: unknown, at: Place, depth: number): Inferred {
  const { line, path } = at;
  if (depth > LIMITS.jsonDepth) throw invalid(`line ${line}, ${path}: nests deeper than ${LIMITS.jsonDepth} levels`);
  if (value === null) return { t: 'null' };
  if (typeof value === 'boolean') return { t: 'boolean' };
  if (typeof value === 'string') return { t: 'string' };
  if (value instanceof NumberText) {
    if (!isInteger(value.text)) return { t: 'double' };
    at.seen.rounded ??= isSafeNumber(value.text) ? null : `line ${line}, ${path}: the integer ${value.text.slice(0, 40)}`;
    return { t: 'int' };
  }
  if (Array.isArray(value)) {
    const item = { ...at, path: `${path}[]` };
    return { t: 'list', of: value.reduce<Inferred>((of, v) => merged(of, typeOf(v, item, depth + 1), line), { t: 'null' }) };
  }
  const fields = new Map<string, Inferred>();
  for (const [key, v] of Object.entries(value as Record<string, unknown>))
    fields.set(key, typeOf(v, { ...at, path: `${path}.${key}` }, depth + 1));
  return { t: 'struct', fields };
}

const kindName = (type: Inferred) => (type.t === 'int' || type.t === 'double' ? 'number' : type.t === 'struct' ? 'object' : type.t);

function merged(a: Inferred, b: Inferred, line: number): Inferred {
  if (a.t === 'mixed') return a;
  if (b.t === 'mixed' || a.t === 'null') return b;
  if (b.t === 'null') return a;
  if (a.t === b.t) {
    if (a.t === 'list' && b.t === 'list') return { t: 'list', of: merged(a.of, b.of, line) };
    if (a.t === 'struct' && b.t === 'struct') {
      const fields = new Map(a.fields);
      for (const [key, type] of b.fields) fields.set(key, fields.has(key) ? merged(fields.get(key)!, type, line) : type);
      return { t: 'struct', fields };
    }
    return a;
  }
  if ((a.t === 'int' && b.t === 'double') || (a.t === 'double' && b.t === 'int')) return { t: 'double' };
  return { t: 'mixed', kinds: [kindName(a), kindName(b)], line };
}

const OPTIONAL = { repetition_type: 'OPTIONAL' } as const;

/** Parquet elements of a column of the type, as pyarrow writes the table Arrow's JSON reader makes. */
function elementsOf(name: string, type: Inferred, path: string): SchemaElement[] {
  switch (type.t) {
    case 'null':
      return [{ name, type: 'INT32', logical_type: { type: 'NULL' }, ...OPTIONAL }];
    case 'boolean':
      return [{ name, type: 'BOOLEAN', ...OPTIONAL }];
    case 'int':
      return [{ name, type: 'INT64', ...OPTIONAL }];
    case 'double':
      return [{ name, type: 'DOUBLE', ...OPTIONAL }];
    case 'string':
      return [{ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, ...OPTIONAL }];
    case 'list':
      return [
        { name, converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1, ...OPTIONAL },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        ...elementsOf('element', type.of, `${path}[]`),
      ];
    case 'struct':
      if (type.fields.size === 0) throw invalid(`${path} holds only empty objects, and a Parquet column cannot be an object of no keys`);
      return [
        { name, num_children: type.fields.size, ...OPTIONAL },
        ...[...type.fields].flatMap(([key, field]) => elementsOf(key, field, `${path}.${key}`)),
      ];
    case 'mixed':
      throw invalid(
        `${path} holds a ${type.kinds[0]} on one line and a ${type.kinds[1]} on line ${type.line}: a column of a JSON-lines split holds one kind of value (as load_dataset reads it)`,
      );
  }
}

/**
 * The table a JSON-lines file is, as a Parquet schema. A key whose values no column
 * holds is refused, naming it; so is an integer beyond ±2^53, which a datapoint's JSON
 * would round (a file of datapoint fields keeps today's reading: JavaScript's numbers).
 */
export function jsonlTableSchema({ row, rounded }: JsonlColumns): TableSchema {
  if (row.t !== 'struct') throw new Error('a JSON-lines file is rows of objects');
  if (rounded) {
    throw invalid(
      `${rounded} is beyond ±2^53, which a JSON number in datashelf does not hold exactly; write it as a string, or push the split as Parquet (int64 columns keep it)`,
    );
  }
  const elements = [...row.fields].flatMap(([key, type]) => elementsOf(key, type, `key "${key}"`));
  return { elements, metadata: [], files: [] };
}
