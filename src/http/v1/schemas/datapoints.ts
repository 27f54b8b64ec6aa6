import { Type } from '@sinclair/typebox';
import { SOURCES } from '../../../domain/datapoint-model.js';
import { LIMITS } from '../../../domain/limits.js';
import { JsonObject, Nullable, PageQuery, StringEnum, Timestamp, Uuid } from './common.js';
import { Tag, Tags } from './datasets.js';

const AnyJson = Type.Unknown({ description: 'any JSON value' });
export const Source = StringEnum(SOURCES);
const Order = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'position in the dataset; appended after the last when omitted' });

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
};

export const DatapointFields = Type.Object(fields, { additionalProperties: false });
export const DatapointUpdate = Type.Object({ id: Uuid, ...fields }, { additionalProperties: false });

export const Datapoint = Type.Object({
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
  version: Type.Integer({ description: 'the version this content was committed in' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});

const batch = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Array(item, { maxItems: LIMITS.batchMax });

export const ChangeSet = Type.Object(
  {
    message: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.messageLength }))),
    base_version: Type.Optional(Type.Integer({ minimum: 0, description: 'refuse with 409 unless this is still the head' })),
    add: Type.Optional(batch(DatapointFields)),
    update: Type.Optional(batch(DatapointUpdate)),
    delete: Type.Optional(batch(Uuid)),
    replace: Type.Optional(batch(DatapointFields)),
  },
  { additionalProperties: false },
);

/** For an NDJSON body, message and base version travel in the query string. */
export const NdjsonQuery = Type.Object({
  message: Type.Optional(Type.String({ maxLength: LIMITS.messageLength })),
  base_version: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const Version = Type.Object({
  dataset_id: Uuid,
  version: Type.Integer(),
  message: Nullable(Type.String()),
  datapoint_count: Type.Integer(),
  added: Type.Integer(),
  updated: Type.Integer(),
  deleted: Type.Integer(),
  created_at: Timestamp,
});

export const VersionParams = Type.Object({ id: Uuid, version: Type.Integer({ minimum: 0 }) });
export const DatapointParams = Type.Object({ id: Uuid, datapoint_id: Uuid });

const VersionQuery = Type.Integer({ minimum: 0, description: 'default: the head version' });

export const DatapointListQuery = Type.Composite([
  PageQuery,
  Type.Object({
    version: Type.Optional(VersionQuery),
    source: Type.Optional(Source),
    tag: Type.Optional(Tag),
    persona: Type.Optional(Type.String({ maxLength: LIMITS.personaLength })),
  }),
], { additionalProperties: false });

export const DatapointGetQuery = Type.Object({ version: Type.Optional(VersionQuery) }, { additionalProperties: false });

export const DatapointPage = Type.Object({
  version: Type.Integer({ description: 'the version this page reads' }),
  data: Type.Array(Datapoint),
  next_cursor: Nullable(Type.String()),
});

export const DiffQuery = Type.Composite([
  PageQuery,
  Type.Object({ from: Type.Integer({ minimum: 0 }), to: Type.Integer({ minimum: 0 }) }),
], { additionalProperties: false });

export const Diff = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  data: Type.Array(
    Type.Object({
      change: StringEnum(['added', 'removed', 'changed']),
      id: Uuid,
      before: Nullable(Datapoint),
      after: Nullable(Datapoint),
    }),
  ),
  next_cursor: Nullable(Type.String()),
});

export const ExportQuery = Type.Object(
  {
    version: Type.Optional(VersionQuery),
    format: StringEnum(['jsonl', 'csv'], { default: 'jsonl' }),
  },
  { additionalProperties: false },
);
