import { Type, type Static } from '@sinclair/typebox';
import { AnyJson, Count, JsonObject, Nullable, StringEnum, Timestamp, Uuid, Word, type WithJsonText } from './kit.js';
import { LIMITS } from './limits.js';

export const ContainerCreate = Type.Object(
  { label: Type.String({ minLength: 1, maxLength: LIMITS.nameLength }) },
  { title: 'ContainerCreate', additionalProperties: false },
);
export type ContainerCreate = Static<typeof ContainerCreate>;

export const Container = Type.Object({ id: Uuid, label: Type.String(), created_at: Timestamp }, { title: 'Container' });
export type Container = Static<typeof Container>;

export const EventIn = Type.Object(
  {
    model_name: Type.String({ minLength: 1, maxLength: LIMITS.modelLength }),
    status: Word,
    input: AnyJson,
    output: AnyJson,
    latency_ms: Type.Optional(Type.Number({ minimum: 0 })),
    input_tokens: Type.Optional(Count()),
    output_tokens: Type.Optional(Count()),
    created_at: Type.Optional(Timestamp),
    attributes: Type.Optional(JsonObject),
  },
  { title: 'EventIn', additionalProperties: false },
);
export type EventIn = Static<typeof EventIn>;

export const Event = Type.Object(
  {
    id: Uuid,
    model_name: Type.String(),
    status: Type.String(),
    input: AnyJson,
    output: AnyJson,
    latency_ms: Nullable(Type.Number()),
    input_tokens: Nullable(Type.Integer()),
    output_tokens: Nullable(Type.Integer()),
    created_at: Timestamp,
    attributes: JsonObject,
  },
  { title: 'Event' },
);
export type Event = Static<typeof Event>;
export const EventCount = Type.Object(
  {
    count: Count(),
    capped: Type.Boolean({ description: `true when more than ${LIMITS.eventCountMax.toLocaleString('en')} match: count is then that cap` }),
  },
  { title: 'EventCount' },
);
export type EventCount = Static<typeof EventCount>;

/** An event as the store gives it, its JSON fields as the text stored. */
export type EventRecord = WithJsonText<Event, 'input' | 'output' | 'attributes'>;

/** The thirteen operators of the filter language. */
export const OPERATORS = [
  'equals',
  'not_equals',
  'contains',
  'not_contains',
  'greater_than',
  'less_than',
  'greater_than_or_equal',
  'less_than_or_equal',
  'in',
  'not_in',
  'exists',
  'not_exists',
  'between',
] as const;
export type Operator = (typeof OPERATORS)[number];

export const FilterInput = Type.Object(
  {
    key: Type.String({
      minLength: 1,
      maxLength: LIMITS.filterKeyLength,
      description: 'an event field (model_name, status, latency_ms, created_at…) or attributes.<path>',
    }),
    operator: StringEnum(OPERATORS),
    value: Type.Optional(Type.Unknown()),
  },
  { title: 'FilterInput', additionalProperties: false },
);
export type FilterInput = Static<typeof FilterInput>;
export const Filters = Type.Array(FilterInput, { maxItems: LIMITS.filtersMax });

/** What a cut takes on top of a dataset's fields: the container, how many events at most, which ones. */
export const CutFields = {
  container: Type.String({ minLength: 1, maxLength: LIMITS.nameLength, description: 'cut from this container (id or label)' }),
  size: Type.Integer({ minimum: 1, maximum: LIMITS.cutMax, description: 'how many events at most, newest first' }),
  filters: Type.Optional(Filters),
};

export type FieldKind = 'string' | 'number' | 'time' | 'json';
export type Scalar = string | number | boolean;
/** What a filter looks at: a typed field (by its model name), or a path of keys inside a JSON field. */
export type Target = { kind: 'field'; field: string; type: FieldKind } | { kind: 'json'; field: string; path: string[] };

/** A checked filter: its target resolved and its value typed for the operator. */
export type Filter =
  | { target: Target; operator: 'exists' | 'not_exists' }
  | { target: Target; operator: 'equals' | 'not_equals' | 'contains' | 'not_contains'; value: Scalar }
  | { target: Target; operator: 'greater_than' | 'less_than' | 'greater_than_or_equal' | 'less_than_or_equal'; value: string | number }
  | { target: Target; operator: 'in' | 'not_in'; value: Scalar[] }
  | { target: Target; operator: 'between'; value: [string, string] | [number, number] };
