import { Type } from '@sinclair/typebox';
import { SOURCES } from '../../../model/datapoints.js';
import { Count, Nullable, StringEnum, Timestamp, Uuid } from '../../../model/kit.js';
import { LIMITS } from '../../../model/limits.js';

/** Wire schemas of the versioned-datapoints API. Unknown body fields are ignored, as Django REST Framework does. */

const AnyJson = Type.Unknown();
const Text = Type.String({ minLength: 1, maxLength: LIMITS.nameLength });

export const DatapointIn = Type.Object(
  {
    input: AnyJson,
    expected_output: AnyJson,
    persona: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.personaLength }))),
    tags: Type.Optional(AnyJson),
    order: Type.Optional(Count()),
    source: Type.Optional(Nullable(StringEnum(SOURCES))),
    agent: Type.Optional(Nullable(Uuid)),
    generator_model: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.modelLength }))),
  },
  { title: 'VersionedDatapointIn' },
);

export const DatasetIn = Type.Object(
  {
    name: Text,
    description: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.descriptionLength }))),
    datapoints: Type.Array(DatapointIn, { maxItems: LIMITS.batchMax }),
  },
  { title: 'VersionedDatasetIn' },
);

export const DatasetPatch = Type.Object(
  {
    name: Type.Optional(Text),
    description: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.descriptionLength }))),
    datapoints: Type.Optional(AnyJson),
  },
  { title: 'VersionedDatasetPatch' },
);

export const DatasetOut = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    description: Nullable(Type.String()),
    version: Type.Integer({ description: 'the head version' }),
    datapoint_count: Type.Integer(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { title: 'VersionedDatasetOut' },
);

export const DatapointOut = Type.Object(
  {
    id: Uuid,
    expected_output: AnyJson,
    input: AnyJson,
    order: Type.Integer(),
    persona: Nullable(Type.String()),
    tags: AnyJson,
  },
  { title: 'VersionedDatapointOut' },
);

const pageOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({
    count: Type.Integer(),
    next: Nullable(Type.String({ format: 'uri' })),
    previous: Nullable(Type.String({ format: 'uri' })),
    results: Type.Array(item),
  });

export const DatasetPage = pageOf(DatasetOut);
export const DatapointPage = pageOf(DatapointOut);

/** The seed types versions as numbers; django-filter reads them as Decimals (see djangoFilters). */
const VersionNumber = Type.Number();

export const DatapointQuery = Type.Object({
  agent: Type.Optional(Uuid),
  generator_model: Type.Optional(Type.String({ maxLength: LIMITS.modelLength })),
  source: Type.Optional(StringEnum(SOURCES)),
  version: Type.Optional(VersionNumber),
  version_min: Type.Optional(VersionNumber),
  version_max: Type.Optional(VersionNumber),
  ordering: Type.Optional(
    Type.String({ maxLength: LIMITS.searchLength, description: 'order, -order, created_at, -created_at, id, -id; comma-separated' }),
  ),
  page: Type.Optional(Type.String({ maxLength: LIMITS.wordLength, description: 'page number, from 1' })),
});

export const PageQuery = Type.Object({ page: Type.Optional(Type.String({ maxLength: LIMITS.wordLength })) });
export const IdParams = Type.Object({ id: Type.String({ maxLength: LIMITS.wordLength }) });

export const Detail = Type.Object({ detail: Type.String() }, { title: 'VersionedDetail' });
export const FieldErrors = Type.Object({}, { additionalProperties: true, description: 'field name -> list of messages' });
