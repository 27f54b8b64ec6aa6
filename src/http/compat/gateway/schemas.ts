import { Type } from '@sinclair/typebox';
import { JsonObject, Nullable, StringEnum, Tags } from '../../../model/kit.js';
import { LIMITS } from '../../../model/limits.js';
import { OPERATORS } from '../../../model/telemetry.js';
import { PYTHON_ENUM } from '../pydantic.js';
import { HTTPValidationError } from '../fastapi.js';

/** Wire schemas of the inference gateway's dataset API (000_maniac-openapi.json). */

/** A filter as the gateway takes it; its operator is a Python Enum there (DatasetFilterOperator). */
export const DatasetFilter = Type.Object(
  {
    key: Type.String({ maxLength: LIMITS.filterKeyLength }),
    operator: StringEnum(OPERATORS, { [PYTHON_ENUM]: true }),
    value: Type.Optional(Type.Unknown()),
  },
  { title: 'GatewayDatasetFilter', additionalProperties: false },
);

export const CreateDatasetReq = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: LIMITS.nameLength }),
    description: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.descriptionLength }))),
    container: Type.String({ minLength: 1, maxLength: LIMITS.nameLength }),
    size: Type.Integer({ exclusiveMinimum: 0, maximum: LIMITS.cutMax }),
    filters: Type.Optional(Type.Array(DatasetFilter, { maxItems: LIMITS.filtersMax })),
    tags: Type.Optional(Nullable(Tags)),
    metadata: Type.Optional(JsonObject),
  },
  { title: 'GatewayCreateDatasetReq', additionalProperties: false },
);

export const CreateDatasetRes = Type.Object({ id: Type.String(), message: Type.String() }, { title: 'GatewayCreateDatasetRes' });

export const Dataset = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('dataset'),
    name: Type.String(),
    description: Nullable(Type.String()),
    user_id: Nullable(Type.String()),
    project_id: Nullable(Type.String()),
    org_id: Nullable(Type.String()),
    container_id: Nullable(Type.String()),
    requested_size: Nullable(Type.Integer()),
    size: Nullable(Type.Integer()),
    filters: Nullable(Type.Array(Type.Unknown())),
    created_at: Nullable(Type.String({ format: 'date-time' })),
    tags: Nullable(Type.Array(Type.String())),
    metadata: JsonObject,
  },
  { title: 'GatewayDataset' },
);

export const ListResponse = Type.Object(
  { object: Type.Literal('list'), data: Type.Array(Dataset), total: Type.Integer({ minimum: 0 }) },
  { title: 'GatewayListResponse', additionalProperties: false },
);

export const ListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: LIMITS.surfaces.gatewayPageMax, default: LIMITS.surfaces.gatewayPageMax }),
  offset: Type.Integer({ minimum: 0, maximum: 2 ** 31, default: 0 }),
  container: Type.Optional(Type.String({ maxLength: LIMITS.nameLength, description: 'container id or label' })),
});

export const DatasetParams = Type.Object({ dataset_id: Type.String({ maxLength: LIMITS.wordLength }) });

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({ code: Type.String(), message: Type.String(), details: Nullable(JsonObject) }, { additionalProperties: false }),
  },
  { title: 'GatewayErrorResponse', additionalProperties: false },
);

export { HTTPValidationError };
