import { Type, type Static } from '@sinclair/typebox';
import { Count, Description, JsonObject, Name, Nullable, StringEnum, Timestamp, Uuid, VersionNumber, Word } from './kit.js';
import { LIMITS } from './limits.js';
import { AsOf, VersionSelector } from './version-tags.js';

export const MEMBER_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const UserCreate = Type.Object(
  { email: Type.String({ format: 'email', maxLength: LIMITS.emailLength }), name: Type.Optional(Name) },
  { title: 'UserCreate', additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreate>;
export const User = Type.Object(
  {
    id: Uuid,
    seq: Type.Integer(),
    email: Type.String(),
    name: Nullable(Type.String()),
    created_at: Timestamp,
  },
  { title: 'User' },
);
export type User = Static<typeof User>;

export const MemberCreate = Type.Object(
  { user_id: Uuid, role: StringEnum(MEMBER_ROLES) },
  { title: 'MemberCreate', additionalProperties: false },
);
export type MemberCreate = Static<typeof MemberCreate>;
export const Member = Type.Object({ namespace: Type.String(), user_id: Uuid, role: StringEnum(MEMBER_ROLES) }, { title: 'Member' });
export type Member = Static<typeof Member>;

/** Who a dataset is shared with: a user, a namespace, or everyone. */
export const ShareCreate = Type.Union([
  Type.Object({ user_id: Uuid }, { additionalProperties: false }),
  Type.Object({ namespace: Type.String({ maxLength: LIMITS.slugLength }) }, { additionalProperties: false }),
  Type.Object({ public: Type.Literal(true) }, { additionalProperties: false }),
]);
export type ShareCreate = Static<typeof ShareCreate>;
export const Share = Type.Object(
  {
    id: Uuid,
    dataset_id: Uuid,
    user_id: Nullable(Uuid),
    namespace: Nullable(Type.String()),
    public: Type.Boolean(),
    created_at: Timestamp,
  },
  { title: 'Share' },
);
export type Share = Static<typeof Share>;

export const DatasetTypeCreate = Type.Object(
  {
    name: Type.String({
      pattern: '^[A-Z][A-Z0-9_]{0,63}$',
      description:
        'an upper-case letter, then upper-case letters, digits or `_`, at most 64 characters; its lower case is the native dataset type',
    }),
    label: Name,
    description: Type.Optional(Nullable(Description)),
    proprietary: Type.Optional(Type.Boolean({ default: false })),
  },
  { title: 'DatasetTypeCreate', additionalProperties: false },
);
export type DatasetTypeCreate = Static<typeof DatasetTypeCreate>;
export const DatasetType = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    label: Type.String(),
    description: Nullable(Type.String()),
    proprietary: Type.Boolean(),
  },
  { title: 'DatasetType' },
);
export type DatasetType = Static<typeof DatasetType>;

/** A lookup entry with an integer id, as evaluation clients expect (run types, run sources). */
export const Lookup = Type.Object(
  { id: Type.Integer(), name: Type.String(), label: Type.String(), description: Type.String() },
  { title: 'Lookup' },
);
export type Lookup = Static<typeof Lookup>;

export const MetricCreate = Type.Object(
  { name: Name, description: Type.Optional(Nullable(Description)) },
  { title: 'MetricCreate', additionalProperties: false },
);
export type MetricCreate = Static<typeof MetricCreate>;
export const Metric = Type.Object(
  {
    id: Uuid,
    seq: Type.Integer(),
    name: Type.String(),
    description: Nullable(Type.String()),
    created_at: Timestamp,
  },
  { title: 'Metric' },
);
export type Metric = Static<typeof Metric>;

const Score = Type.Number({ minimum: -1e12, maximum: 1e12 });

export const RunCreate = Type.Object(
  {
    dataset_id: Uuid,
    run_type: Type.Unsafe<string>({ ...Word, description: 'a name from GET /v1/run-types' }),
    run_source: Type.Unsafe<string>({ ...Word, description: 'a name from GET /v1/run-sources' }),
    model_slug: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.modelLength }))),
    alias: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.nameLength }))),
    threshold: Score,
    result: Type.Optional(Nullable(Score)),
    aggregate_results: Type.Optional(Nullable(JsonObject)),
    started_at: Type.Optional(Timestamp),
    finished_at: Type.Optional(Nullable(Timestamp)),
    version: Type.Optional(
      Type.Union([VersionNumber(), VersionSelector], {
        description: "the dataset version (or tag) the run is pinned to: its items are that version's datapoints. Default: the head",
      }),
    ),
    as_of: Type.Optional(AsOf),
  },
  { title: 'RunCreate', additionalProperties: false },
);
export type RunCreate = Static<typeof RunCreate>;
export const RunUpdate = Type.Object(
  {
    result: Type.Optional(Nullable(Score)),
    aggregate_results: Type.Optional(Nullable(JsonObject)),
    finished_at: Type.Optional(Nullable(Timestamp)),
  },
  { title: 'RunUpdate', additionalProperties: false, description: 'setting finished_at completes the run' },
);
export type RunUpdate = Static<typeof RunUpdate>;
export const Run = Type.Object(
  {
    id: Uuid,
    seq: Type.Integer(),
    dataset_id: Uuid,
    user_id: Nullable(Uuid),
    run_type: Type.String(),
    run_source: Type.String(),
    model_slug: Nullable(Type.String()),
    alias: Nullable(Type.String()),
    threshold: Type.Number(),
    result: Nullable(Type.Number()),
    aggregate_results: Nullable(JsonObject),
    started_at: Timestamp,
    finished_at: Nullable(Timestamp),
    created_at: Timestamp,
    updated_at: Nullable(Timestamp),
    is_gte_threshold: Nullable(Type.Boolean()),
    dataset_version: Type.Integer({ description: 'the dataset version the run is pinned to' }),
  },
  { title: 'Run' },
);
export type Run = Static<typeof Run>;

export const EvaluationCreate = Type.Object(
  {
    record_id: Uuid,
    metric_id: Uuid,
    result: Nullable(Score),
    threshold: Score,
    explanation: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.explanationLength }))),
    model_slug: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.modelLength }))),
    input_tokens: Type.Optional(Nullable(Count())),
    output_tokens: Type.Optional(Nullable(Count())),
    evaluation_cost: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.wordLength }))),
    is_success: Type.Optional(Nullable(Type.Boolean())),
    started_at: Type.Optional(Timestamp),
    finished_at: Type.Optional(Nullable(Timestamp)),
  },
  { title: 'EvaluationCreate', additionalProperties: false },
);
export type EvaluationCreate = Static<typeof EvaluationCreate>;
export const Evaluation = Type.Object(
  {
    id: Uuid,
    seq: Type.Integer(),
    run_id: Uuid,
    user_id: Nullable(Uuid),
    record_id: Uuid,
    metric_id: Uuid,
    result: Nullable(Type.Number()),
    threshold: Type.Number(),
    explanation: Nullable(Type.String()),
    model_slug: Nullable(Type.String()),
    input_tokens: Nullable(Type.Integer()),
    output_tokens: Nullable(Type.Integer()),
    evaluation_cost: Nullable(Type.String()),
    is_success: Nullable(Type.Boolean()),
    is_gte_threshold: Nullable(Type.Boolean()),
    started_at: Timestamp,
    finished_at: Nullable(Timestamp),
    created_at: Timestamp,
  },
  { title: 'Evaluation' },
);
export type Evaluation = Static<typeof Evaluation>;
