import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ARTIFACT_TYPES } from '../../../domain/datasets.js';
import { DIRECTIONS } from '../../../domain/jobs.js';
import { projectOf } from '../../../domain/caller.js';
import type { Services } from '../../../domain/services.js';
import { JsonObject, Nullable, StringEnum, Timestamp, Uuid } from '../../v1/schemas/common.js';

const Query = Type.Object({
  dataset_type: Type.Optional(StringEnum(ARTIFACT_TYPES, { description: 'lerobot_v3 or sarm_progress' })),
  direction: Type.Optional(StringEnum(DIRECTIONS, { description: 'input or output' })),
  project_id: Type.Optional(Uuid),
  job_id: Type.Optional(Uuid),
  search: Type.Optional(Type.String({ maxLength: 200, description: 'literal substring of the path (% and _ are not wildcards)' })),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 20 }),
  cursor: Type.Optional(Type.String({ maxLength: 1000 })),
  sort: StringEnum(['newest', 'oldest', 'updated', 'name'] as const, { default: 'newest' }),
});

const Item = Type.Object({
  artifact_id: Uuid,
  subtype: Type.String(),
  path: Type.String(),
  metadata: JsonObject,
  jobs: Type.Array(Type.Object({ job_id: Uuid, direction: Type.String() })),
  created_at: Timestamp,
  updated_at: Timestamp,
});

const Paginated = Type.Object({
  items: Type.Array(Item),
  page_info: Type.Object({ has_next: Type.Boolean(), end_cursor: Nullable(Type.String()), total_count: Type.Integer() }),
});
const Detail = Type.Object({ detail: Type.Unknown() });

/** The robotics platform's dataset listing at /compat/robotics (a FastAPI service originally). */
export const roboticsSurface = (services: Services): FastifyPluginAsyncTypebox => async (app) => {

  app.get('/v1/datasets/list', {
    schema: {
      tags: ['compat: robotics'],
      summary: 'List User Datasets',
      description: 'The project\'s lerobot_v3 and sarm_progress artifacts with their job links, in keyset pages. Cursors are signed and bound to the sort and filters.',
      querystring: Query,
      response: { 200: Paginated, 401: Detail, 422: Detail },
    },
  }, async (request) => {
    const projectId = projectOf(request.caller);
    const { project_id, ...query } = request.query;
    if (project_id !== undefined && project_id !== projectId) {
      return { items: [], page_info: { has_next: false, end_cursor: null, total_count: 0 } };
    }
    const page = await services.artifacts.list(projectId, query);
    return {
      items: page.items.map((d) => ({
        artifact_id: d.id,
        subtype: d.type,
        path: d.path ?? '',
        metadata: d.metadata,
        jobs: d.jobs.map((j) => ({ job_id: j.job_id, direction: j.direction })),
        created_at: d.created_at,
        updated_at: d.updated_at,
      })),
      page_info: { has_next: page.has_next, end_cursor: page.end_cursor, total_count: page.total_count },
    };
  });
};
