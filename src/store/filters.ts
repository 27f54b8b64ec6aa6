import { sql, type Expression, type SqlBool } from 'kysely';
import type { Filter, Scalar, Target } from '../model/telemetry.js';
import type { DialectAdapter } from './store.js';

/** Where a table keeps each field a filter may name: model field name -> qualified column. */
export type FilterColumns = Record<string, string>;

const COMPARISONS = {
  greater_than: '>',
  less_than: '<',
  greater_than_or_equal: '>=',
  less_than_or_equal: '<=',
} as const;

/**
 * A filter as a SQL predicate over a table, on either store. Negated operators are the
 * exact complement of their positive form, so a row lacking the key matches
 * not_equals, not_contains and not_in.
 */
export function compileFilter(d: DialectAdapter, columns: FilterColumns, filter: Filter): Expression<SqlBool> {
  const positive = (f: { operator: string; value?: unknown }) => positiveOf(d, columns, filter.target, f);
  switch (filter.operator) {
    case 'not_equals':
      return not(positive({ ...filter, operator: 'equals' }));
    case 'not_contains':
      return not(positive({ ...filter, operator: 'contains' }));
    case 'not_in':
      return not(positive({ ...filter, operator: 'in' }));
    case 'not_exists':
      return not(positive({ ...filter, operator: 'exists' }));
    default:
      return positive(filter);
  }
}

type Positive = Exclude<Filter['operator'], 'not_equals' | 'not_contains' | 'not_in' | 'not_exists'>;

/**
 * A number of a filter, compared as a number whatever the column's type: PostgreSQL
 * would read it as the column's (bigint) and refuse 1e300 or 2^64, which compare fine.
 */
const number = (value: number) => sql<number>`cast(${value} as double precision)`;

function not(expression: Expression<SqlBool>): Expression<SqlBool> {
  return sql<boolean>`(not coalesce(${expression}, false))`;
}

function any(parts: Expression<SqlBool>[]): Expression<SqlBool> {
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

function positiveOf(
  d: DialectAdapter,
  columns: FilterColumns,
  target: Target,
  filter: { operator: string; value?: unknown },
): Expression<SqlBool> {
  const op = filter.operator as Positive;
  return target.kind === 'field'
    ? onField(d, columns[target.field], target, op, filter.value)
    : onJson(d, columns[target.field], target.path, op, filter.value);
}

function onField(
  d: DialectAdapter,
  qualified: string,
  target: Extract<Target, { kind: 'field' }>,
  op: Positive,
  value: unknown,
): Expression<SqlBool> {
  const column = sql.ref(qualified);
  // Values are typed by the field's kind: numbers for number fields, strings for the rest (JSON fields hold JSON text).
  const asStored = (v: Scalar) => (target.type === 'json' ? JSON.stringify(v) : typeof v === 'number' ? number(v) : v);
  switch (op) {
    case 'exists':
      // A JSON field holds the text `null` for a null value: that is not a value either.
      return target.type === 'json' ? sql<boolean>`(${column} is not null and ${column} <> 'null')` : sql<boolean>`(${column} is not null)`;
    case 'equals':
      return sql<boolean>`(${column} = ${asStored(value as Scalar)})`;
    case 'contains':
      return d.containsText(column as Expression<string>, String(value));
    case 'in': {
      const values = value as Scalar[];
      return d.oneOf(column, target.type === 'json' ? values.map((v) => JSON.stringify(v)) : (values as string[] | number[]));
    }
    case 'between': {
      const [low, high] = value as [Scalar, Scalar];
      return sql<boolean>`(${column} >= ${asStored(low)} and ${column} <= ${asStored(high)})`;
    }
    default:
      return sql<boolean>`(${column} ${sql.raw(COMPARISONS[op])} ${asStored(value as Scalar)})`;
  }
}

function onJson(d: DialectAdapter, column: string, path: string[], op: Positive, value: unknown): Expression<SqlBool> {
  const equals = (v: Scalar): Expression<SqlBool> =>
    typeof v === 'boolean'
      ? d.json.equalsBoolean(column, path, v)
      : sql<boolean>`(${typeof v === 'number' ? d.json.number(column, path) : d.json.text(column, path)} = ${v})`;
  const compare = (symbol: string, v: Scalar) =>
    sql<boolean>`(${typeof v === 'number' ? d.json.number(column, path) : d.json.text(column, path)} ${sql.raw(symbol)} ${v})`;
  switch (op) {
    case 'exists':
      return d.json.present(column, path);
    case 'equals':
      return equals(value as Scalar);
    case 'contains': {
      const v = value as Scalar;
      const element = d.json.arrayHas(column, path, v);
      return typeof v === 'string' ? any([element, d.containsText(d.json.text(column, path), v)]) : element;
    }
    case 'in':
      return anyOf(d, column, path, value as Scalar[]);
    case 'between': {
      const [low, high] = value as [Scalar, Scalar];
      return sql<boolean>`(${compare('>=', low)} and ${compare('<=', high)})`;
    }
    default:
      return compare(COMPARISONS[op], value as Scalar);
  }
}

/** The value at the path is one of `values`, of the same type: numbers and strings each one list parameter, booleans by equality. */
function anyOf(d: DialectAdapter, column: string, path: string[], values: Scalar[]): Expression<SqlBool> {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const strings = values.filter((v): v is string => typeof v === 'string');
  const booleans = [...new Set(values.filter((v): v is boolean => typeof v === 'boolean'))];
  return any([
    ...(numbers.length ? [d.oneOf(d.json.number(column, path), numbers)] : []),
    ...(strings.length ? [d.oneOf(d.json.text(column, path), strings)] : []),
    ...booleans.map((b) => d.json.equalsBoolean(column, path, b)),
  ]);
}
