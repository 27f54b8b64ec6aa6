import { Type, type Static } from '@sinclair/typebox';
import { AnyJson, Description, JsonObject, Name, Nullable, StringEnum, Timestamp, Uuid } from '../../../model/kit.js';
import { LIMITS } from '../../../model/limits.js';

/**
 * Wire schemas of LangSmith's dataset, example and experiment API, as its SDKs send and
 * read them (the `langsmith` npm package and the Python one speak the same wire).
 */

const Id = Type.String({ maxLength: LIMITS.wordLength, description: 'a uuid' });
const Ids = Type.Array(Id, { maxItems: LIMITS.pageSizeMax });
const Text = Type.String({ maxLength: LIMITS.searchLength });
const Limit = (fallback: number) => Type.Integer({ minimum: 1, maximum: LIMITS.pageSizeMax, default: fallback });
const Offset = Type.Integer({ minimum: 0, maximum: 2 ** 31, default: 0 });
/** A version by time (RFC 3339) or by a tag's name; `latest` is the head. */
const AsOf = Type.String({ maxLength: LIMITS.timestampLength + LIMITS.nameLength, description: 'a time (RFC 3339) or a version tag' });
const JsonParam = Type.String({ maxLength: LIMITS.filtersParamLength, description: 'a JSON object' });
export const DATA_TYPES = ['kv', 'llm', 'chat'] as const;

export const Detail = Type.Object({ detail: Type.Unknown() }, { title: 'LangSmithDetail' });
export const DatasetParams = Type.Object({ dataset_id: Id });
export const ExampleParams = Type.Object({ example_id: Id });
export const SessionParams = Type.Object({ session_id: Id });
export const RunParams = Type.Object({ run_id: Id });

export const Info = Type.Object(
  {
    batch_ingest_config: Type.Object({
      use_multipart_endpoint: Type.Boolean(),
      scale_up_qsize_trigger: Type.Integer(),
      scale_up_nthreads_limit: Type.Integer(),
      scale_down_nempty_trigger: Type.Integer(),
      size_limit: Type.Integer(),
      size_limit_bytes: Type.Integer(),
    }),
    instance_flags: Type.Object({}, { additionalProperties: Type.Boolean() }),
  },
  { title: 'LangSmithInfo' },
);

export const DatasetCreate = Type.Object(
  {
    name: Name,
    description: Type.Optional(Nullable(Description)),
    data_type: Type.Optional(Nullable(StringEnum(DATA_TYPES))),
    inputs_schema_definition: Type.Optional(Nullable(JsonObject)),
    outputs_schema_definition: Type.Optional(Nullable(JsonObject)),
    extra: Type.Optional(Nullable(Type.Object({ metadata: Type.Optional(Nullable(JsonObject)) }, { additionalProperties: true }))),
  },
  { title: 'LangSmithDatasetCreate' },
);

export const DatasetUpdate = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Nullable(Description)),
    metadata: Type.Optional(Nullable(JsonObject)),
    inputs_schema_definition: Type.Optional(Nullable(JsonObject)),
    outputs_schema_definition: Type.Optional(Nullable(JsonObject)),
  },
  { title: 'LangSmithDatasetUpdate' },
);

export const Dataset = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    description: Nullable(Type.String()),
    data_type: StringEnum(DATA_TYPES),
    inputs_schema_definition: Nullable(JsonObject),
    outputs_schema_definition: Nullable(JsonObject),
    metadata: JsonObject,
    created_at: Timestamp,
    modified_at: Timestamp,
    example_count: Type.Integer(),
    tenant_id: Uuid,
  },
  { title: 'LangSmithDataset' },
);

export const DatasetQuery = Type.Object({
  id: Type.Optional(Ids),
  name: Type.Optional(Name),
  name_contains: Type.Optional(Text),
  metadata: Type.Optional(JsonParam),
  limit: Limit(100),
  offset: Offset,
});

/** `GET /datasets/{id}` takes the query `readDataset` sends with it, and ignores it. */
export const DatasetGetQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 })) });

export const Example = Type.Object(
  {
    id: Uuid,
    dataset_id: Uuid,
    inputs: JsonObject,
    outputs: Nullable(JsonObject),
    metadata: JsonObject,
    created_at: Timestamp,
    modified_at: Timestamp,
    source_run_id: Type.Null(),
    runs: Type.Array(Type.Unknown(), { maxItems: 0 }),
    attachment_urls: Nullable(
      Type.Record(
        Type.String(),
        Type.Object({
          presigned_url: Type.String({ description: "a signed link to the file's bytes that works without a key, for about an hour" }),
          mime_type: Type.String(),
        }),
        { description: 'the files by `attachment.<name>`; null when there are none' },
      ),
    ),
  },
  { title: 'LangSmithExample' },
);

const AttachmentName = Type.String({ minLength: 1, maxLength: LIMITS.attachmentNameLength });
/** What an update keeps of an example's attachments (see attachments.ts for the rule). */
export const AttachmentsOperations = Type.Object(
  {
    rename: Type.Optional(
      Type.Record(Type.String(), AttachmentName, { maxProperties: LIMITS.attachmentsPerDatapoint, description: 'old name -> new name' }),
    ),
    retain: Type.Optional(Type.Array(AttachmentName, { maxItems: LIMITS.attachmentsPerDatapoint, description: 'names kept as they are' })),
  },
  { title: 'LangSmithAttachmentsOperations' },
);
export type AttachmentsOperations = Static<typeof AttachmentsOperations>;

export const ExampleQuery = Type.Object({
  dataset: Type.Optional(Id),
  id: Type.Optional(Ids),
  as_of: Type.Optional(AsOf),
  splits: Type.Optional(Type.Array(Text, { maxItems: LIMITS.splitsMax })),
  metadata: Type.Optional(JsonParam),
  filter: Type.Optional(Type.String({ maxLength: LIMITS.filtersParamLength, description: "LangSmith's filter language" })),
  limit: Limit(100),
  offset: Offset,
  inline_s3_urls: Type.Optional(Type.Boolean()),
  select: Type.Optional(Type.Array(Text, { maxItems: 50 })),
});

export const ExampleUpdate = Type.Object(
  {
    inputs: Type.Optional(Nullable(JsonObject)),
    outputs: Type.Optional(Nullable(JsonObject)),
    metadata: Type.Optional(Nullable(JsonObject)),
    split: Type.Optional(Nullable(Type.Union([Text, Type.Array(Text, { maxItems: LIMITS.splitsMax })]))),
    dataset_id: Type.Optional(Nullable(Id)),
  },
  { title: 'LangSmithExampleUpdate' },
);

export const ExamplesDelete = Type.Object(
  { example_ids: Type.Array(Id, { maxItems: LIMITS.batchMax }), hard_delete: Type.Optional(Type.Boolean()) },
  { title: 'LangSmithExamplesDelete' },
);
export const ExampleIdsQuery = Type.Object({ example_ids: Type.Array(Id, { minItems: 1, maxItems: LIMITS.pageSizeMax }) });

export const Upserted = Type.Object(
  { example_ids: Type.Array(Uuid), count: Type.Integer(), as_of: Timestamp },
  { title: 'LangSmithExamplesUpserted' },
);

export const Multipart = Type.Unknown({
  description: 'multipart/form-data; the parts are named as the LangSmith SDK names them (see the README, "LangSmith")',
});

export const TagsPut = Type.Object({ as_of: AsOf, tag: Type.String({ minLength: 1, maxLength: LIMITS.nameLength }) });
export const VersionQuery = Type.Object({ as_of: Type.Optional(AsOf), tag: Type.Optional(Type.String({ maxLength: LIMITS.nameLength })) });
export const Version = Type.Object({ as_of: Timestamp, tags: Type.Array(Type.String()) }, { title: 'LangSmithDatasetVersion' });
export const DiffQuery = Type.Object({ from_version: AsOf, to_version: AsOf });
export const Diff = Type.Object(
  { examples_added: Type.Array(Uuid), examples_removed: Type.Array(Uuid), examples_modified: Type.Array(Uuid) },
  { title: 'LangSmithDatasetDiff' },
);
export const SplitsQuery = Type.Object({ as_of: Type.Optional(AsOf) });
export const SplitsPut = Type.Object({
  split_name: Type.String({ minLength: 1, maxLength: LIMITS.splitLength }),
  examples: Type.Array(Id, { maxItems: LIMITS.batchMax }),
  remove: Type.Optional(Type.Boolean()),
});
export const Share = Type.Object({ dataset_id: Uuid, share_token: Uuid }, { title: 'LangSmithDatasetShare' });

export const SessionCreate = Type.Object(
  {
    name: Name,
    description: Type.Optional(Nullable(Description)),
    extra: Type.Optional(Nullable(Type.Object({ metadata: Type.Optional(Nullable(JsonObject)) }, { additionalProperties: true }))),
    reference_dataset_id: Type.Optional(Nullable(Id)),
    start_time: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.timestampLength }))),
  },
  { title: 'LangSmithSessionCreate' },
);
export const SessionCreateQuery = Type.Object({ upsert: Type.Optional(Type.Boolean()) });

export const SessionUpdate = Type.Object(
  {
    name: Type.Optional(Nullable(Name)),
    description: Type.Optional(Nullable(Description)),
    extra: Type.Optional(Nullable(Type.Object({ metadata: Type.Optional(Nullable(JsonObject)) }, { additionalProperties: true }))),
    end_time: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.timestampLength }))),
  },
  { title: 'LangSmithSessionUpdate' },
);

export const Session = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    description: Nullable(Type.String()),
    start_time: Timestamp,
    end_time: Nullable(Timestamp),
    extra: Type.Object({ metadata: JsonObject }),
    tenant_id: Uuid,
    reference_dataset_id: Uuid,
  },
  { title: 'LangSmithSession' },
);

export const SessionQuery = Type.Object({
  id: Type.Optional(Ids),
  name: Type.Optional(Name),
  name_contains: Type.Optional(Text),
  reference_dataset: Type.Optional(Id),
  include_stats: Type.Optional(Type.Boolean()),
  limit: Limit(100),
  offset: Offset,
});

/** A traced run as `POST /runs` and `/runs/batch` carry it (the multipart parts carry the same fields). */
export const RunIn = Type.Object(
  {
    id: Type.Optional(Id),
    session_id: Type.Optional(Nullable(Id)),
    session_name: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.nameLength }))),
    parent_run_id: Type.Optional(Nullable(Id)),
    reference_example_id: Type.Optional(Nullable(Id)),
    start_time: Type.Optional(Nullable(Type.Union([Type.String({ maxLength: LIMITS.timestampLength }), Type.Number()]))),
    end_time: Type.Optional(Nullable(Type.Union([Type.String({ maxLength: LIMITS.timestampLength }), Type.Number()]))),
    outputs: Type.Optional(AnyJson),
    error: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.explanationLength }))),
  },
  { title: 'LangSmithRun', additionalProperties: true },
);
export const RunBatch = Type.Object(
  {
    post: Type.Optional(Type.Array(RunIn, { maxItems: LIMITS.batchMax })),
    patch: Type.Optional(Type.Array(RunIn, { maxItems: LIMITS.batchMax })),
  },
  { title: 'LangSmithRunBatch' },
);

export const FeedbackIn = Type.Object(
  {
    id: Type.Optional(Id),
    run_id: Type.Optional(Nullable(Id)),
    trace_id: Type.Optional(Nullable(Id)),
    session_id: Type.Optional(Nullable(Id)),
    key: Type.String({ minLength: 1, maxLength: LIMITS.nameLength }),
    score: Type.Optional(Nullable(Type.Union([Type.Number({ minimum: -1e12, maximum: 1e12 }), Type.Boolean()]))),
    comment: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.explanationLength }))),
  },
  { title: 'LangSmithFeedback', additionalProperties: true },
);
export const Accepted = Type.Object({
  kept: Type.Integer({ description: 'runs and scores kept; the rest are traces datashelf does not keep' }),
});
