import { Type } from '@sinclair/typebox';
import { OPERATORS } from '../../../domain/filters.js';
import { LIMITS } from '../../../domain/limits.js';
import { JsonObject, Nullable, PageQuery, StringEnum, Timestamp, Uuid } from './common.js';

export const ContainerCreate = Type.Object(
  { label: Type.String({ minLength: 1, maxLength: LIMITS.nameLength }) },
  { additionalProperties: false },
);
export const Container = Type.Object({ id: Uuid, label: Type.String(), created_at: Timestamp });
export const ContainerParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: LIMITS.nameLength, description: 'container id or label' }) });

const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const EventIn = Type.Object(
  {
    model_name: Type.String({ minLength: 1, maxLength: LIMITS.modelLength }),
    status: Type.String({ minLength: 1, maxLength: 64 }),
    input: Type.Unknown(),
    output: Type.Unknown(),
    latency_ms: Type.Optional(Type.Number({ minimum: 0 })),
    input_tokens: Type.Optional(Count),
    output_tokens: Type.Optional(Count),
    created_at: Type.Optional(Type.String({ format: 'date-time' })),
    attributes: Type.Optional(JsonObject),
  },
  { additionalProperties: false },
);

export const Event = Type.Object({
  id: Uuid,
  model_name: Type.String(),
  status: Type.String(),
  input: Type.Unknown(),
  output: Type.Unknown(),
  latency_ms: Nullable(Type.Number()),
  input_tokens: Nullable(Type.Integer()),
  output_tokens: Nullable(Type.Integer()),
  created_at: Timestamp,
  attributes: JsonObject,
});

export const FilterSchema = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 600, description: 'an event field (model_name, status, latency_ms, created_at…) or attributes.<path>' }),
    operator: StringEnum(OPERATORS),
    value: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);

export const EventsQuery = Type.Composite([
  PageQuery,
  Type.Object({ filters: Type.Optional(Type.String({ maxLength: 20_000, description: 'a JSON array of {key, operator, value}' })) }),
], { additionalProperties: false });

export const Inserted = Type.Object({ inserted: Type.Integer() });
