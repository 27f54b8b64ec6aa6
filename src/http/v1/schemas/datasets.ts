import { Type } from '@sinclair/typebox';
import { DATASET_SORTS } from '../../../domain/datasets.js';
import { LIMITS } from '../../../domain/limits.js';
import { FilterSchema } from './telemetry.js';
import { JsonObject, Name, Nullable, PageQuery, StringEnum, Timestamp, Uuid } from './common.js';

// Lone UTF-16 surrogates are refused: PostgreSQL's jsonb, which tag filters use, cannot hold them.
export const Tag = Type.String({ minLength: 1, maxLength: LIMITS.tagLength, pattern: '^[^\\uD800-\\uDFFF]*$' });
export const Tags = Type.Array(Tag, { maxItems: LIMITS.tagsMax });
const DatasetType = Type.String({ pattern: '^[a-z0-9_]{1,64}$', description: 'e.g. custom, telemetry, lerobot_v3' });
const Description = Nullable(Type.String({ maxLength: LIMITS.descriptionLength }));
/** Evaluation metrics chosen for a dataset: metric id -> threshold from 0 to 100. */
const SelectedMetrics = Type.Record(Type.String({ maxLength: 64 }), Type.Number({ minimum: 0, maximum: 100 }), { maxProperties: 100 });

/** A Hugging Face repo id: owner/name, each of letters, digits, `-`, `_`, `.`, at most 96 characters. */
export const HfPath = Type.String({
  pattern: '^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?/[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?$',
  maxLength: 193,
  description: 'Hugging Face style owner/name; required for lerobot_v3 and sarm_progress datasets',
});

export const DatasetCreate = Type.Object(
  {
    name: Name,
    description: Type.Optional(Description),
    type: Type.Optional(DatasetType),
    path: Type.Optional(Nullable(HfPath)),
    tags: Type.Optional(Tags),
    metadata: Type.Optional(JsonObject),
    selected_metrics: Type.Optional(Nullable(SelectedMetrics)),
    structure: Type.Optional(Nullable(Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 100 }))),
    column_mappings: Type.Optional(Nullable(JsonObject)),
  },
  { additionalProperties: false },
);

export const DatasetUpdate = Type.Partial(DatasetCreate, { additionalProperties: false, minProperties: 1 });

/** Creating a dataset may also cut it from a telemetry container. */
export const DatasetCreateOrCut = Type.Object(
  {
    ...DatasetCreate.properties,
    container: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.nameLength, description: 'cut from this container (id or label)' })),
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.cutMax, description: 'with container: how many events at most, newest first' })),
    filters: Type.Optional(Type.Array(FilterSchema, { maxItems: 50, description: 'with container: which events' })),
  },
  { additionalProperties: false },
);

export const Dataset = Type.Object({
  id: Uuid,
  seq: Type.Integer({ description: 'the integer id surfaces with integer ids use' }),
  name: Type.String(),
  description: Nullable(Type.String()),
  type: Type.String(),
  path: Nullable(Type.String()),
  container_id: Nullable(Uuid),
  filters: Nullable(Type.Array(Type.Unknown())),
  requested_size: Nullable(Type.Integer()),
  cut_size: Nullable(Type.Integer({ description: 'how many events the cut found' })),
  owner_user_id: Nullable(Uuid),
  selected_metrics: Nullable(Type.Record(Type.String(), Type.Number())),
  structure: Nullable(Type.Array(Type.String())),
  column_mappings: Nullable(JsonObject),
  tags: Type.Array(Type.String()),
  metadata: JsonObject,
  head_version: Type.Integer({ description: 'latest version; 0 before the first commit' }),
  datapoint_count: Type.Integer({ description: 'datapoints in the head version' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const DatasetListQuery = Type.Composite([
  PageQuery,
  Type.Object({
    type: Type.Optional(DatasetType),
    tag: Type.Optional(Tag),
    search: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'substring of the name, case-insensitive' })),
    sort: StringEnum(DATASET_SORTS, { default: 'newest' }),
  }),
], { additionalProperties: false });
