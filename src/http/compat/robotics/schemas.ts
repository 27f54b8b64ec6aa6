import { Type } from '@sinclair/typebox';
import { ARTIFACT_TYPES } from '../../../model/datasets.js';
import { DIRECTIONS } from '../../../model/jobs.js';
import { JsonObject, Nullable, StringEnum, Timestamp, Uuid } from '../../../model/kit.js';
import { LIMITS } from '../../../model/limits.js';

/** Wire schemas of the robotics platform's dataset listing. */

export const ListQuery = Type.Object({
  // Plain strings, as the original declares them: another value is no error, it matches nothing.
  dataset_type: Type.Optional(Type.String({ maxLength: LIMITS.nameLength, description: `Filter: ${ARTIFACT_TYPES.join(' or ')}` })),
  direction: Type.Optional(Type.String({ maxLength: LIMITS.nameLength, description: `Filter: ${DIRECTIONS.join(' or ')}` })),
  project_id: Type.Optional(Uuid),
  job_id: Type.Optional(Uuid),
  search: Type.Optional(
    Type.String({ maxLength: LIMITS.searchLength, description: 'literal substring of the path (% and _ are not wildcards)' }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: LIMITS.surfaces.roboticsPageMax, default: LIMITS.surfaces.roboticsPageDefault }),
  cursor: Type.Optional(Type.String({ maxLength: LIMITS.cursorLength })),
  sort: StringEnum(['newest', 'oldest', 'updated', 'name'] as const, { default: 'newest' }),
});

export const DatasetItem = Type.Object(
  {
    artifact_id: Uuid,
    subtype: Type.String(),
    path: Type.String(),
    metadata: JsonObject,
    jobs: Type.Array(Type.Object({ job_id: Uuid, direction: Type.String() })),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { title: 'RoboticsDatasetItem' },
);

export const PaginatedDatasetsResponse = Type.Object(
  {
    items: Type.Array(DatasetItem),
    page_info: Type.Object({ has_next: Type.Boolean(), end_cursor: Nullable(Type.String()), total_count: Type.Integer() }),
  },
  { title: 'RoboticsPaginatedDatasetsResponse' },
);
