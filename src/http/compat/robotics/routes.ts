import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { projectOf } from '../../../domain/caller.js';
import type { Services } from '../../../domain/services.js';
import { FastapiError } from '../fastapi.js';
import * as s from './schemas.js';
import { emptyPage, pageOut } from './wire.js';

/** The robotics platform's dataset listing at /compat/robotics (a FastAPI service originally). */
export const roboticsSurface =
  ({ artifacts }: Pick<Services, 'artifacts'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/datasets/list',
      {
        schema: {
          tags: ['compat: robotics'],
          summary: 'List User Datasets',
          operationId: 'roboticsListDatasets',
          description:
            "The project's lerobot_v3 and sarm_progress artifacts with their job links, in keyset pages. Cursors are signed and bound to the sort and filters.",
          querystring: s.ListQuery,
          response: { 200: s.PaginatedDatasetsResponse, 401: FastapiError, 422: FastapiError },
        },
      },
      async (request) => {
        const { project_id, ...query } = request.query;
        // A key reaches one project: naming another filters everything out.
        if (project_id !== undefined && project_id !== projectOf(request.caller)) return emptyPage;
        return pageOut(await artifacts.list(request.caller, query));
      },
    );
  };
