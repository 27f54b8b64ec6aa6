import { sql } from 'kysely';
import type { DialectAdapter, JsonAccess, JsonKind } from '../store.js';
import { sqliteSearch } from '../search/sqlite-search.js';

/** `$."a"."b"`: the keys are checked to [A-Za-z0-9_-] before they get here. */
const jsonPath = (path: string[]) => `$${path.map((k) => `."${k}"`).join('')}`;
const TYPES: Record<JsonKind, string[]> = { number: ['integer', 'real'], string: ['text'], boolean: ['true', 'false'], array: ['array'] };
const typeOf = (column: string, path: string[]) => sql<string>`json_type(${sql.ref(column)}, ${jsonPath(path)})`;
const extract = (column: string, path: string[]) => sql`json_extract(${sql.ref(column)}, ${jsonPath(path)})`;

const json: JsonAccess = {
  is: (column, path, kind) => sql<boolean>`${typeOf(column, path)} in (${sql.join(TYPES[kind])})`,
  number: (column, path) =>
    sql<number | null>`(case when ${typeOf(column, path)} in ('integer', 'real') then ${extract(column, path)} end)`,
  text: (column, path) => sql<string | null>`(case when ${typeOf(column, path)} = 'text' then ${extract(column, path)} end)`,
  equalsBoolean: (column, path, value) => sql<boolean>`(${typeOf(column, path)} = ${value ? 'true' : 'false'})`,
  arrayHas: (column, path, value) => {
    const kind: JsonKind = typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
    const stored = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    const types = typeof value === 'boolean' ? [value ? 'true' : 'false'] : TYPES[kind];
    return sql<boolean>`(${typeOf(column, path)} = 'array' and exists (select 1 from json_each(${sql.ref(column)}, ${jsonPath(path)}) as j where j.type in (${sql.join(types)}) and j.value = ${stored}))`;
  },
  present: (column, path) => sql<boolean>`coalesce(${typeOf(column, path)} <> 'null', false)`,
};

/** What SQLite says differently: JSON paths, substring tests, unique violations, lists bound as one parameter. */
export const sqliteAdapter: DialectAdapter = {
  name: 'sqlite',
  json,
  search: sqliteSearch,
  containsText: (expression, needle) => sql<boolean>`(instr(${expression}, ${needle}) > 0)`,
  oneOf: (expression, values) => sql<boolean>`(${expression} in (select value from json_each(${JSON.stringify(values)})))`,
  arrayElements: (table, column) => sql`json_each(${sql.ref(`${table}.${column}`)}) as e`,
  objectEntries: (table, column) => sql`json_each(${sql.ref(`${table}.${column}`)}) as e`,
  claimed: (query) => query,
  jsonArrayContains: (column, value) => sql<boolean>`exists (select 1 from json_each(${sql.ref(column)}) where json_each.value = ${value})`,
  preferIndexOrder: async () => {},
  bulkRows: 1000,
  // "UNIQUE constraint failed: datasets.project_id, datasets.name"
  uniqueViolation: (error) => {
    if (!(error instanceof Error && 'code' in error && /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(String(error.code)))) return null;
    const columns = /constraint failed: (.*)$/.exec(error.message)?.[1].split(', ') ?? [];
    const [table] = columns[0]?.split('.') ?? [];
    return table ? { table, columns: columns.map((c) => c.slice(table.length + 1)) } : null;
  },
};
