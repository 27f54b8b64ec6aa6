import { Type } from '@sinclair/typebox';
import { JsonObject, Nullable, Tags, Timestamp, Uuid } from '../../../model/kit.js';
import { LIMITS } from '../../../model/limits.js';

/** Wire schemas of the spaces API (camelCase). Unknown body fields are ignored, as the original does. */

const Name = Type.String({ minLength: 1, maxLength: LIMITS.nameLength });
const Description = Nullable(Type.String({ maxLength: LIMITS.descriptionLength }));

export const DatasetCreate = Type.Object(
  {
    name: Name,
    description: Type.Optional(Description),
    tags: Type.Optional(Tags),
    metadata: Type.Optional(Nullable(JsonObject)),
  },
  { title: 'SpacesDatasetCreate' },
);

export const DatasetPatch = Type.Partial(DatasetCreate, { title: 'SpacesDatasetPatch' });

export const Dataset = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    description: Nullable(Type.String()),
    tags: Type.Array(Type.String()),
    projectId: Uuid,
    metadata: Nullable(JsonObject),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'SpacesDataset' },
);

export const DatasetSummary = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    description: Nullable(Type.String()),
    tags: Type.Array(Type.String()),
  },
  { title: 'SpacesDatasetSummary' },
);

export const DatasetList = Type.Object(
  {
    datasets: Type.Array(DatasetSummary),
    page: Type.Integer(),
    pageSize: Type.Integer({ description: `the page size used (requests over ${LIMITS.surfaces.spacesPageMax} are clamped)` }),
    total: Type.Integer(),
    totalPages: Type.Integer(),
  },
  { title: 'SpacesDatasetList' },
);

export const DatasetWithCollections = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    description: Nullable(Type.String()),
    tags: Type.Array(Type.String()),
    collections: Type.Array(Type.Object({ id: Uuid, name: Type.String(), members: Type.Array(Type.String()) })),
  },
  { title: 'SpacesDatasetWithCollections' },
);

export const ListQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 2 ** 31, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 2 ** 31, default: 50 }),
});

export const SpaceParams = Type.Object({
  slug: Type.String({ maxLength: LIMITS.slugLength }),
  projectSlug: Type.String({ maxLength: LIMITS.slugLength }),
});
export const DatasetParams = Type.Object({ ...SpaceParams.properties, name: Type.String({ minLength: 1, maxLength: LIMITS.nameLength }) });

export const Success = Type.Object({ success: Type.Literal(true) }, { title: 'SpacesSuccess' });
export const Error = Type.Object({ error: Type.String(), code: Type.String() }, { title: 'SpacesError' });
