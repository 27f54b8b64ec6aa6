import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AnyJson, Count, JsonObject, Nullable, StringEnum, Tags, Timestamp, Uuid, VersionNumber, type WithJsonText } from './kit.js';
import { LIMITS } from './limits.js';
import { EXAMPLE_DATAPOINT, EXAMPLE_DATAPOINT_FIELDS } from './examples.js';
import type { ContentField, JsonField } from './datapoint-fields.js';
import { AttachmentLink, AttachmentRefs } from './attachments.js';
import { FileChanges } from './files.js';

export const SOURCES = ['seed', 'synthetic', 'augmented', 'production'] as const;
export type Source = (typeof SOURCES)[number];
export const Source = StringEnum(SOURCES);

/** A split name: train, test, validation, or any other. */
export const Split = Type.String({
  minLength: 1,
  maxLength: LIMITS.splitLength,
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$',
  description: 'a split name (train, test, validation, …): a letter or digit, then letters, digits, `_`, `.` or `-`',
});
export const ExternalId = Type.String({
  minLength: 1,
  maxLength: LIMITS.externalIdLength,
  description: "your own key for the datapoint; unique among its dataset's datapoints",
});

const Order = Count({ description: 'position in the dataset; appended after the last when omitted' });

const fields = {
  input: Type.Optional(AnyJson),
  expected_output: Type.Optional(AnyJson),
  output: Type.Optional(AnyJson),
  context: Type.Optional(AnyJson),
  prompt: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.promptLength }))),
  persona: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.personaLength }))),
  tags: Type.Optional(Tags),
  source: Type.Optional(Nullable(Source)),
  agent: Type.Optional(Nullable(Uuid)),
  generator_model: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.modelLength }))),
  metadata: Type.Optional(JsonObject),
  order: Type.Optional(Order),
  external_id: Type.Optional(Nullable(ExternalId)),
  splits: Type.Optional(Type.Array(Split, { maxItems: LIMITS.splitsMax, uniqueItems: true })),
  attachments: Type.Optional(AttachmentRefs),
} satisfies Record<ContentField, TSchema>;

/** What a client may set on a datapoint; everything is optional. */
export const DatapointFields = Type.Object(fields, {
  title: 'DatapointFields',
  additionalProperties: false,
  examples: [EXAMPLE_DATAPOINT_FIELDS],
});
export type DatapointFields = Static<typeof DatapointFields>;

/** A change to a datapoint of the head version: only the fields given change. */
export const DatapointUpdate = Type.Object({ id: Uuid, ...fields }, { title: 'DatapointUpdate', additionalProperties: false });
export type DatapointUpdate = Static<typeof DatapointUpdate>;

export const Datapoint = Type.Object(
  {
    id: Uuid,
    seq: Type.Integer(),
    order: Type.Integer(),
    input: AnyJson,
    expected_output: AnyJson,
    output: AnyJson,
    context: AnyJson,
    prompt: Nullable(Type.String()),
    persona: Nullable(Type.String()),
    tags: Type.Array(Type.String()),
    source: Nullable(Source),
    agent: Nullable(Type.String()),
    generator_model: Nullable(Type.String()),
    metadata: JsonObject,
    external_id: Nullable(Type.String()),
    splits: Type.Array(Type.String()),
    attachments: Type.Record(Type.String(), AttachmentLink, {
      description: "the datapoint's files by name; exports carry the ids alone (`{name: attachment id}`)",
    }),
    version: Type.Integer({ description: 'the version this content was committed in' }),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { title: 'Datapoint', examples: [EXAMPLE_DATAPOINT] },
);
export type Datapoint = Static<typeof Datapoint>;

/**
 * A datapoint as the store gives it: the JSON-valued fields kept as the JSON text
 * stored, so hot read paths splice them into a response without re-serialising.
 */
export type DatapointRecord = WithJsonText<Datapoint, JsonField>;

/** The content of a datapoint as it is written: a record without its version or timestamps. */
export type DatapointContent = Omit<DatapointRecord, 'version' | 'created_at' | 'updated_at'>;

const batch = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Array(item, { maxItems: LIMITS.batchMax });

/** One change to a dataset's datapoints: either replace, or any of add / update / delete. */
export const ChangeSet = Type.Object(
  {
    message: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.messageLength }))),
    base_version: Type.Optional(VersionNumber({ description: 'refuse with 409 unless this is still the head' })),
    add: Type.Optional(batch(DatapointFields)),
    update: Type.Optional(batch(DatapointUpdate)),
    delete: Type.Optional(batch(Uuid)),
    replace: Type.Optional(batch(DatapointFields)),
    files: Type.Optional(FileChanges),
  },
  {
    title: 'ChangeSet',
    additionalProperties: false,
    examples: [{ message: 'add reviewed questions', base_version: 2, add: [EXAMPLE_DATAPOINT_FIELDS] }],
  },
);
export type ChangeSet = Static<typeof ChangeSet>;

export const Version = Type.Object(
  {
    dataset_id: Uuid,
    version: Type.Integer(),
    message: Nullable(Type.String()),
    datapoint_count: Type.Integer(),
    added: Type.Integer(),
    updated: Type.Integer(),
    deleted: Type.Integer(),
    file_count: Type.Integer({ description: "files in the version's tree" }),
    files_added: Type.Integer(),
    files_updated: Type.Integer(),
    files_deleted: Type.Integer(),
    created_at: Timestamp,
    key_id: Nullable(Type.String({ description: 'the API key that committed the version (null before authors were kept)' })),
    user_id: Nullable(Type.String({ description: 'the user that key acts as, if any' })),
  },
  { title: 'Version' },
);
export type Version = Static<typeof Version>;

export const CHANGE_KINDS = ['added', 'removed', 'changed'] as const;

/** One datapoint that differs between two versions, as it was before and after. */
export interface Change {
  change: (typeof CHANGE_KINDS)[number];
  id: string;
  before: DatapointRecord | null;
  after: DatapointRecord | null;
}
