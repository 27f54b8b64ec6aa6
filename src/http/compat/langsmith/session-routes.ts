import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { projectOf } from '../../../domain/caller.js';
import { invalid } from '../../../domain/errors.js';
import type { Services } from '../../../domain/services.js';
import { uuidOrNotFound } from '../path-ids.js';
import * as s from './schemas.js';
import { sessionOut, timeIn } from './wire.js';

const tags = ['compat: langsmith'];
const sessionId = (id: string) => uuidOrNotFound(id, 'experiment');

/** LangSmith's sessions (projects) that are experiments: datashelf runs on a dataset, with a name unique in the project. */
export const sessionRoutes =
  ({ experiments }: Pick<Services, 'experiments'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/sessions',
      {
        schema: {
          tags,
          summary: 'Start an experiment',
          operationId: 'langsmithCreateSession',
          description:
            'An experiment on `reference_dataset_id`: a run pinned to the head of the dataset, which the end of the experiment re-pins to the version ' +
            'it names (`extra.metadata.dataset_version`). 409 when the name is taken (with `upsert=true`, the experiment of that name). ' +
            'A session without a dataset is a tracing project, which datashelf does not keep: 422.',
          querystring: s.SessionCreateQuery,
          body: s.SessionCreate,
          response: { 200: s.Session, 404: s.Detail, 409: s.Detail },
        },
      },
      async (request) => {
        const { name, description, extra, reference_dataset_id: dataset, start_time } = request.body;
        if (!dataset) {
          throw invalid('datashelf keeps experiments, not tracing projects: give reference_dataset_id', [
            { field: 'body/reference_dataset_id', message: 'is required' },
          ]);
        }
        const input = {
          name,
          description,
          metadata: extra?.metadata ?? {},
          dataset_id: uuidOrNotFound(dataset, 'dataset'),
          started_at: timeIn(start_time) ?? undefined,
        };
        const made = await experiments.create(request.caller, input, request.query.upsert ? 'return' : 'conflict');
        return sessionOut(made, projectOf(request.caller));
      },
    );

    app.get(
      '/sessions',
      {
        schema: {
          tags,
          summary: 'List experiments',
          operationId: 'langsmithListSessions',
          description: 'Newest first, by offset and limit, as a bare array.',
          querystring: s.SessionQuery,
          response: { 200: Type.Array(s.Session) },
        },
      },
      async (request) => {
        const { id: ids, name, name_contains: nameContains, reference_dataset: datasetId, offset, limit } = request.query;
        const found = await experiments.list(request.caller, { ids, name, nameContains, datasetId }, offset, limit);
        return found.map((e) => sessionOut(e, projectOf(request.caller)));
      },
    );

    app.get(
      '/sessions/:session_id',
      {
        schema: {
          tags,
          summary: 'Get an experiment',
          operationId: 'langsmithGetSession',
          description: 'One experiment of the project.',
          params: s.SessionParams,
          querystring: Type.Object({ include_stats: Type.Optional(Type.Boolean()) }),
          response: { 200: s.Session },
        },
      },
      async (request) =>
        sessionOut(await experiments.get(request.caller, { id: sessionId(request.params.session_id) }), projectOf(request.caller)),
    );

    app.patch(
      '/sessions/:session_id',
      {
        schema: {
          tags,
          summary: 'Change an experiment',
          operationId: 'langsmithUpdateSession',
          description:
            'Changes the fields sent (null leaves one as it is): name, description, metadata (`extra.metadata`, replaced whole), end time. ' +
            'A `dataset_version` time in the metadata re-pins the run to the version current then, as `evaluate()` names it when it ends.',
          params: s.SessionParams,
          body: s.SessionUpdate,
          response: { 200: s.Session, 409: s.Detail },
        },
      },
      async (request) => {
        const { name, description, extra, end_time } = request.body;
        const metadata = (extra?.metadata ?? undefined) as Record<string, unknown> | undefined;
        const version = metadata?.dataset_version;
        const patch = {
          name: name ?? undefined,
          description: description ?? undefined,
          metadata,
          finished_at: timeIn(end_time) ?? undefined,
          dataset_as_of: typeof version === 'string' && timeIn(version) ? version : undefined,
        };
        return sessionOut(await experiments.update(request.caller, sessionId(request.params.session_id), patch), projectOf(request.caller));
      },
    );
  };
