import { LIMITS } from '../model/limits.js';
import { FILTERABLE_FIELDS, FILTER_JSON_ROOTS } from '../model/datapoint-fields.js';
import { OPERATORS, type FieldKind, type Filter, type FilterInput, type Scalar, type Target } from '../model/telemetry.js';
import { invalid, type FieldIssue } from './errors.js';

/** What a filter may name: fields by their kind, and the JSON fields whose insides it may reach by dotted path. */
export interface FilterVocabulary {
  fields: Record<string, FieldKind>;
  jsonRoots: readonly string[];
}

/** Event fields a filter can name directly; anything under `attributes.` names a path in the event's attributes. */
export const EVENT_FIELDS: Record<string, FieldKind> = {
  id: 'string',
  model_name: 'string',
  status: 'string',
  input: 'json',
  output: 'json',
  latency_ms: 'number',
  input_tokens: 'number',
  output_tokens: 'number',
  created_at: 'time',
};

export const EVENT_FILTERS: FilterVocabulary = { fields: EVENT_FIELDS, jsonRoots: ['attributes'] };

/** Datapoint fields a filter can name, and the JSON fields it can reach into (`metadata.difficulty`, `input.question`). */
export const DATAPOINT_FILTERS: FilterVocabulary = { fields: FILTERABLE_FIELDS, jsonRoots: FILTER_JSON_ROOTS };

/** What a dataset filter can name: paths inside its metadata (`metadata.team`). */
export const DATASET_FILTERS: FilterVocabulary = { fields: {}, jsonRoots: ['metadata'] };

const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks and types a filter list; every problem is reported with the filter's index. */
export function parseFilters(inputs: readonly unknown[], vocabulary: FilterVocabulary = EVENT_FILTERS, field = 'filters'): Filter[] {
  const issues: FieldIssue[] = [];
  if (inputs.length > LIMITS.filtersMax) issues.push({ field, message: `at most ${LIMITS.filtersMax} filters` });
  const parsed = inputs.map((input, i) => {
    try {
      return parseOne(input, vocabulary);
    } catch (error) {
      issues.push({ field: `${field}/${i}/${(error as FilterError).part}`, message: (error as FilterError).message });
      return null;
    }
  });
  if (issues.length) throw invalid(`invalid filters: ${issues.map((x) => `${x.field} ${x.message}`).join('; ')}`, issues);
  return parsed as Filter[];
}

class FilterError extends Error {
  constructor(
    readonly part: 'key' | 'operator' | 'value',
    message: string,
  ) {
    super(message);
  }
}

function parseOne(input: unknown, vocabulary: FilterVocabulary): Filter {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new FilterError('key', 'a filter must be an object {key, operator, value}');
  const { key, operator, value } = input as Partial<FilterInput>;
  const target = targetOf(key, vocabulary);
  if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator))
    throw new FilterError('operator', `must be one of ${OPERATORS.join(', ')}`);
  const op = operator;
  const bad = (message: string) => new FilterError('value', message);
  const kind = target.kind === 'field' ? target.type : null;

  if (op === 'exists' || op === 'not_exists') {
    if (value !== undefined && value !== null) throw bad(`takes no value with ${op}`);
    return { target, operator: op };
  }
  if (value === undefined || value === null) throw bad(`is required with ${op}`);
  if (kind === 'json' && !['equals', 'not_equals', 'contains', 'not_contains'].includes(op)) {
    throw bad(`${key} supports equals, not_equals, contains, not_contains, exists and not_exists`);
  }
  switch (op) {
    case 'equals':
    case 'not_equals':
      return { target, operator: op, value: typed(value, kind, bad) };
    case 'contains':
    case 'not_contains':
      if (kind === 'number' || kind === 'time') throw bad(`${key} is not text or a list; use equals or a comparison`);
      return { target, operator: op, value: kind === 'json' ? scalar(value, bad) : typed(value, kind, bad) };
    case 'in':
    case 'not_in': {
      if (!Array.isArray(value) || value.length === 0 || value.length > LIMITS.filterValuesMax)
        throw bad(`must be a list of 1 to ${LIMITS.filterValuesMax} values`);
      return { target, operator: op, value: value.map((v) => typed(v, kind, bad)) };
    }
    case 'between': {
      if (!Array.isArray(value) || value.length !== 2) throw bad('must be [low, high]');
      const [low, high] = value.map((v) => ordered(v, kind, bad));
      if (typeof low !== typeof high) throw bad('low and high must be of one type');
      return { target, operator: op, value: [low, high] as [string, string] | [number, number] };
    }
    default:
      return { target, operator: op, value: ordered(value, kind, bad) };
  }
}

function targetOf(key: unknown, { fields, jsonRoots }: FilterVocabulary): Target {
  if (typeof key !== 'string') throw new FilterError('key', 'must be a string');
  if (Object.prototype.hasOwnProperty.call(fields, key)) return { kind: 'field', field: key, type: fields[key] };
  const path = key.split('.');
  if (jsonRoots.includes(path[0]) && path.length >= 2 && path.length <= 9 && path.slice(1).every((s) => SEGMENT.test(s))) {
    return { kind: 'json', field: path[0], path: path.slice(1) };
  }
  const roots = jsonRoots.map((r) => `${r}.<path>`).join(', ');
  throw new FilterError('key', `must be one of ${Object.keys(fields).join(', ')} or ${roots}`);
}

function scalar(value: unknown, bad: (m: string) => Error): Scalar {
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw bad('must be a string, a number or a boolean');
}

/** A value for equality: of the column's type, or any scalar for attributes. */
function typed(value: unknown, kind: FieldKind | null, bad: (m: string) => Error): Scalar {
  if (kind === null || kind === 'json') return scalar(value, bad);
  return ordered(value, kind, bad);
}

/** A value that can be ordered: a number or a string; a timestamp for time columns, normalised. */
function ordered(value: unknown, kind: FieldKind | null, bad: (m: string) => Error): string | number {
  if (kind === 'number' || kind === null) {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (kind === 'number') throw bad('must be a number');
  }
  if (typeof value !== 'string') throw bad(kind === null ? 'must be a number or a string' : 'must be a string');
  if (kind === 'time') {
    const time = Date.parse(value);
    if (Number.isNaN(time)) throw bad('must be a timestamp (RFC 3339)');
    return new Date(time).toISOString();
  }
  return value;
}
