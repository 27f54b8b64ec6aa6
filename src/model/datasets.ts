import { Type, type Static } from '@sinclair/typebox';
import { Description, JsonObject, Name, Nullable, StringEnum, Tags, Timestamp, Uuid } from './kit.js';
import { LIMITS } from './limits.js';
import { EXAMPLE_DATASET } from './examples.js';

export const DATASET_SORTS = ['newest', 'oldest', 'updated', 'name'] as const;
export type DatasetSort = (typeof DATASET_SORTS)[number];

/** Robot-learning dataset artifacts: they live at a Hugging Face style path, which they always have (see domain/dataset-repos.ts). */
export const ARTIFACT_TYPES = ['lerobot_v3', 'sarm_progress'] as const;
export type ArtifactType = (typeof ARTIFACT_TYPES)[number];
export const DEFAULT_DATASET_TYPE = 'custom';
/** The type of a dataset cut from telemetry. */
export const TELEMETRY_TYPE = 'telemetry';

export const DatasetTypeName = Type.String({
  pattern: '^[a-z0-9_]{1,64}$',
  description: 'lowercase letters, digits and `_`, at most 64 characters (custom, telemetry, lerobot_v3, …)',
});
/** Evaluation metrics chosen for a dataset: metric id -> threshold from 0 to 100. */
const SelectedMetrics = Type.Record(Type.String({ maxLength: LIMITS.wordLength }), Type.Number({ minimum: 0, maximum: 100 }), {
  maxProperties: LIMITS.selectedMetricsMax,
});
const Structure = Type.Array(Type.String({ minLength: 1, maxLength: LIMITS.columnNameLength }), { maxItems: LIMITS.structureColumnsMax });

/** A Hugging Face repo id: owner/name, each of letters, digits, `-`, `_`, `.`, at most 96 characters. */
export const HfPath = Type.String({
  pattern: '^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?/[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?$',
  maxLength: 193,
  description:
    'a Hugging Face style owner/name, each part letters, digits, `.`, `_` or `-` beginning and ending with a letter or digit. ' +
    "A lerobot_v3 or sarm_progress dataset always has one: given none, it is `{namespace}/{name}`. A path in the project's namespace " +
    'makes the dataset that repository at /compat/hf (another dataset being it already is 409); a path in another namespace is a label',
});

/** What a client may set on a dataset. */
export const DatasetCreate = Type.Object(
  {
    name: Name,
    description: Type.Optional(Nullable(Description)),
    type: Type.Optional(DatasetTypeName),
    path: Type.Optional(Nullable(HfPath)),
    tags: Type.Optional(Tags),
    metadata: Type.Optional(JsonObject),
    selected_metrics: Type.Optional(Nullable(SelectedMetrics)),
    structure: Type.Optional(Nullable(Structure)),
    column_mappings: Type.Optional(Nullable(JsonObject)),
  },
  {
    title: 'DatasetCreate',
    additionalProperties: false,
    examples: [{ name: 'physics-qa', description: 'Short-answer physics questions', tags: ['eval'] }],
  },
);
export type DatasetCreate = Static<typeof DatasetCreate>;

export const DatasetUpdate = Type.Partial(DatasetCreate, { title: 'DatasetUpdate', additionalProperties: false, minProperties: 1 });
export type DatasetUpdate = Static<typeof DatasetUpdate>;

/** JSON Schemas (Draft 2020-12) a dataset's datapoints must meet, per field. */
export const ItemSchemas = Type.Object(
  {
    input: Type.Optional(JsonObject),
    expected_output: Type.Optional(JsonObject),
    metadata: Type.Optional(JsonObject),
  },
  { title: 'ItemSchemas', additionalProperties: false },
);
export type ItemSchemas = Static<typeof ItemSchemas>;

export const Dataset = Type.Object(
  {
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
    item_schemas: Nullable(ItemSchemas),
    tags: Type.Array(Type.String()),
    metadata: JsonObject,
    head_version: Type.Integer({ description: 'latest version; 0 before the first commit' }),
    indexed_version: Type.Integer({
      description:
        'the latest version whose datapoints are all in the full-text and metadata indexes, which are written shortly after each commit: ' +
        'head_version once indexing has caught up. Searches and filters find the same datapoints either way; they are faster once indexed',
    }),
    datapoint_count: Type.Integer({ description: 'datapoints in the head version' }),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { title: 'Dataset', examples: [EXAMPLE_DATASET] },
);
export type Dataset = Static<typeof Dataset>;

/** Everything a new dataset is made of: what the client set, and what the service decided. */
export interface NewDataset extends DatasetCreate {
  id: string;
  project_id: string;
  owner_user_id: string | null;
  /** For a dataset cut from telemetry: the container, the filters as given, and the size asked for. */
  container_id?: string;
  filters?: unknown[];
  requested_size?: number;
  /** The Hub repository it is, in its project's namespace (see domain/dataset-repos.ts). */
  repo_name: string;
  created_at: string;
}

/** A dataset named by id, by its name, or by the Hub repository it is, among the project's live datasets. */
export type DatasetKey = { id: string } | { name: string } | { repo: string };

export const SchemaChange = Type.Object(
  {
    schemas: Nullable(ItemSchemas),
    mode: Type.Optional(
      StringEnum(['enforce', 'warn'] as const, {
        description: 'enforce (default): refuse when datapoints of the head break the schemas; warn: apply anyway and list them',
      }),
    ),
  },
  { title: 'SchemaChange', additionalProperties: false },
);
export type SchemaChange = Static<typeof SchemaChange>;
