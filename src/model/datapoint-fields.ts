import type { Datapoint } from './datapoints.js';
import type { FieldKind } from './telemetry.js';

/**
 * How a datapoint field's value is held: any JSON, a JSON object, or a list of strings
 * (each stored as JSON text; absent, they are null, {} and []), text, a whole number, or
 * a timestamp.
 */
export const FIELD_VALUES = ['json', 'object', 'list', 'text', 'integer', 'time'] as const;
export type FieldValue = (typeof FIELD_VALUES)[number];

export interface FieldInfo {
  value: FieldValue;
  /** `client`: a commit or an import sets it; `server`: the service assigns it and ignores what a file carries. */
  owner: 'client' | 'server';
  /** How the filter language compares it, when a filter may name it. */
  filter?: FieldKind;
}

/**
 * Every field of a datapoint as the API shows it, in the order responses, exports and
 * the web UI list them: the one catalogue the row mappers, content builders, filters,
 * export columns and import mapping targets are derived from. The compiler holds it to
 * the `Datapoint` schema (src/model/datapoints.ts): a field in one and not the other
 * does not build.
 */
export const DATAPOINT_CATALOGUE = {
  id: { value: 'text', owner: 'server', filter: 'string' },
  seq: { value: 'integer', owner: 'server' },
  order: { value: 'integer', owner: 'client', filter: 'number' },
  input: { value: 'json', owner: 'client', filter: 'json' },
  expected_output: { value: 'json', owner: 'client', filter: 'json' },
  output: { value: 'json', owner: 'client', filter: 'json' },
  context: { value: 'json', owner: 'client', filter: 'json' },
  prompt: { value: 'text', owner: 'client', filter: 'string' },
  persona: { value: 'text', owner: 'client', filter: 'string' },
  tags: { value: 'list', owner: 'client' },
  source: { value: 'text', owner: 'client', filter: 'string' },
  agent: { value: 'text', owner: 'client' },
  generator_model: { value: 'text', owner: 'client', filter: 'string' },
  metadata: { value: 'object', owner: 'client', filter: 'json' },
  external_id: { value: 'text', owner: 'client', filter: 'string' },
  splits: { value: 'list', owner: 'client' },
  attachments: { value: 'object', owner: 'client' },
  version: { value: 'integer', owner: 'server' },
  created_at: { value: 'time', owner: 'server', filter: 'time' },
  updated_at: { value: 'time', owner: 'server', filter: 'time' },
} as const satisfies Record<keyof Datapoint, FieldInfo>;

type Catalogue = typeof DATAPOINT_CATALOGUE;
export type DatapointField = keyof Catalogue;

type FieldsWhere<P> = { [F in DatapointField]: Catalogue[F] extends P ? F : never }[DatapointField];

/** Fields a commit or an import sets: a datapoint's content. */
export type ContentField = FieldsWhere<{ owner: 'client' }>;
/** Fields held as JSON text (objects, arrays, any JSON). */
export type JsonField = FieldsWhere<{ value: 'json' | 'object' | 'list' }>;

const names = Object.keys(DATAPOINT_CATALOGUE) as DatapointField[];
const where = <F extends DatapointField>(test: (info: FieldInfo) => boolean) => names.filter((f) => test(DATAPOINT_CATALOGUE[f])) as F[];

export const DATAPOINT_FIELD_NAMES: readonly DatapointField[] = names;
export const CONTENT_FIELDS: readonly ContentField[] = where<ContentField>((f) => f.owner === 'client');
/** Fields the service assigns: an exported file carries them, and an import reads none but `id`. */
export const SERVER_FIELDS: readonly DatapointField[] = where((f) => f.owner === 'server');
/** Whether a field is held as JSON text. */
export const isJson = (value: FieldValue) => value === 'json' || value === 'object' || value === 'list';
export const JSON_FIELDS: readonly JsonField[] = where<JsonField>((f) => isJson(f.value));
/** Fields a filter may name, with how it compares each. */
export const FILTERABLE_FIELDS: Readonly<Record<string, FieldKind>> = Object.fromEntries(
  names.flatMap((f) => {
    const kind = (DATAPOINT_CATALOGUE[f] as FieldInfo).filter;
    return kind ? [[f, kind]] : [];
  }),
);
/** The JSON fields a filter may reach into by dotted path (`metadata.difficulty`). */
export const FILTER_JSON_ROOTS: readonly string[] = names.filter((f) => (DATAPOINT_CATALOGUE[f] as FieldInfo).filter === 'json');
