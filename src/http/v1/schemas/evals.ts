import { Type } from '@sinclair/typebox';
import { MEMBER_ROLES } from '../../../domain/users.js';
import { LIMITS } from '../../../domain/limits.js';
import { JsonObject, Name, Nullable, PageQuery, StringEnum, Timestamp, Uuid } from './common.js';

export const UserCreate = Type.Object(
  { email: Type.String({ format: 'email', maxLength: 320 }), name: Type.Optional(Name) },
  { additionalProperties: false },
);
export const User = Type.Object({ id: Uuid, seq: Type.Integer(), email: Type.String(), name: Nullable(Type.String()), created_at: Timestamp });
export const MemberCreate = Type.Object({ user_id: Uuid, role: StringEnum(MEMBER_ROLES) }, { additionalProperties: false });
export const Member = Type.Object({ namespace: Type.String(), user_id: Uuid, role: StringEnum(MEMBER_ROLES) });

export const ShareCreate = Type.Union([
  Type.Object({ user_id: Uuid }, { additionalProperties: false }),
  Type.Object({ namespace: Type.String({ maxLength: 63 }) }, { additionalProperties: false }),
  Type.Object({ public: Type.Literal(true) }, { additionalProperties: false }),
]);
export const Share = Type.Object({
  id: Uuid, dataset_id: Uuid, user_id: Nullable(Uuid), namespace: Nullable(Type.String()), public: Type.Boolean(), created_at: Timestamp,
});
export const ShareParams = Type.Object({ id: Uuid, share_id: Uuid });

export const DatasetTypeCreate = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,63}$', description: 'upper case; its lower case is the native dataset type' }),
    label: Name,
    description: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.descriptionLength }))),
    proprietary: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export const DatasetType = Type.Object({ id: Type.Integer(), name: Type.String(), label: Type.String(), description: Nullable(Type.String()), proprietary: Type.Boolean() });
export const Lookup = Type.Object({ id: Type.Integer(), name: Type.String(), label: Type.String(), description: Type.String() });

export const MetricCreate = Type.Object(
  { name: Name, description: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.descriptionLength }))) },
  { additionalProperties: false },
);
export const Metric = Type.Object({ id: Uuid, seq: Type.Integer(), name: Type.String(), description: Nullable(Type.String()), created_at: Timestamp });

const Score = Type.Number({ minimum: -1e12, maximum: 1e12 });
const When = Type.String({ format: 'date-time' });

export const RunCreate = Type.Object(
  {
    dataset_id: Uuid,
    run_type: Type.String({ maxLength: 32, description: 'a name from GET /v1/run-types' }),
    run_source: Type.String({ maxLength: 32, description: 'a name from GET /v1/run-sources' }),
    model_slug: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.modelLength }))),
    alias: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.nameLength }))),
    threshold: Score,
    result: Type.Optional(Nullable(Score)),
    aggregate_results: Type.Optional(Nullable(JsonObject)),
    started_at: Type.Optional(When),
    finished_at: Type.Optional(Nullable(When)),
  },
  { additionalProperties: false },
);
export const Run = Type.Object({
  id: Uuid, seq: Type.Integer(), dataset_id: Uuid, user_id: Nullable(Uuid), run_type: Type.String(), run_source: Type.String(),
  model_slug: Nullable(Type.String()), alias: Nullable(Type.String()), threshold: Type.Number(), result: Nullable(Type.Number()),
  aggregate_results: Nullable(JsonObject), started_at: Timestamp, finished_at: Nullable(Timestamp), created_at: Timestamp,
  updated_at: Nullable(Timestamp), is_gte_threshold: Nullable(Type.Boolean()),
});
export const RunListQuery = Type.Composite([PageQuery, Type.Object({ dataset_id: Type.Optional(Uuid) })], { additionalProperties: false });

export const EvaluationCreate = Type.Object(
  {
    record_id: Uuid,
    metric_id: Uuid,
    result: Nullable(Score),
    threshold: Score,
    explanation: Type.Optional(Nullable(Type.String({ maxLength: 100_000 }))),
    model_slug: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.modelLength }))),
    input_tokens: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
    output_tokens: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
    evaluation_cost: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    is_success: Type.Optional(Nullable(Type.Boolean())),
    started_at: Type.Optional(When),
    finished_at: Type.Optional(Nullable(When)),
  },
  { additionalProperties: false },
);
export const Evaluation = Type.Object({
  id: Uuid, seq: Type.Integer(), run_id: Uuid, record_id: Uuid, metric_id: Uuid, result: Nullable(Type.Number()), threshold: Type.Number(),
  explanation: Nullable(Type.String()), model_slug: Nullable(Type.String()), input_tokens: Nullable(Type.Integer()), output_tokens: Nullable(Type.Integer()),
  evaluation_cost: Nullable(Type.String()), is_success: Nullable(Type.Boolean()), is_gte_threshold: Nullable(Type.Boolean()),
  started_at: Timestamp, finished_at: Nullable(Timestamp), created_at: Timestamp,
});
