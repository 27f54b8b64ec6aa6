import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { invalid } from '../../domain/errors.js';
import { projectOf } from '../../domain/caller.js';
import type { Services } from '../../domain/services.js';
import { IdParams, Page, problems } from './schemas/common.js';
import * as s from './schemas/datasets.js';

const tags = ['datasets'];

export const datasetRoutes = (services: Services): FastifyPluginAsyncTypebox => async (app) => {
  const { datasets } = services;

  app.post('/datasets', {
    schema: {
      tags,
      summary: 'Create a dataset, or cut one from telemetry',
      description: 'With `container` and `size` (and optional `filters`), the newest matching events become version 1.',
      body: s.DatasetCreateOrCut,
      response: { 201: s.Dataset, ...problems(401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    const projectId = projectOf(request.caller);
    const { container, size, filters, ...body } = request.body;
    const fields = { ...body, owner_user_id: request.caller.userId };
    if (container === undefined) {
      if (size !== undefined || filters !== undefined) throw invalid('size and filters go with container', [{ field: 'body/container', message: 'is required with size or filters' }]);
      return reply.code(201).send(await datasets.create(projectId, fields));
    }
    if (size === undefined) throw invalid('a cut needs a size', [{ field: 'body/size', message: 'is required with container' }]);
    return reply.code(201).send(await services.telemetry.cut(projectId, { ...fields, container, size, filters }));
  });

  app.get('/datasets', {
    schema: {
      tags,
      summary: 'List datasets',
      description: 'Cursor pages of the project\'s live datasets, filtered by type, tag or a name substring.',
      querystring: s.DatasetListQuery,
      response: { 200: Page(s.Dataset), ...problems(400, 401, 422) },
    },
  }, async (request) => datasets.list(projectOf(request.caller), request.query));

  app.get('/datasets/:id', {
    schema: { tags, summary: 'Get a dataset', params: IdParams, response: { 200: s.Dataset, ...problems(401, 404) } },
  }, async (request) => datasets.get(projectOf(request.caller), request.params.id));

  app.patch('/datasets/:id', {
    schema: { tags, summary: 'Update a dataset (only the fields given)', params: IdParams, body: s.DatasetUpdate, response: { 200: s.Dataset, ...problems(401, 403, 404, 409, 422) } },
  }, async (request) => datasets.update(projectOf(request.caller), request.params.id, request.body));

  app.delete('/datasets/:id', {
    schema: { tags, summary: 'Delete a dataset (soft: its name is free again, its collections stay)', params: IdParams, response: { 204: Type.Null(), ...problems(401, 403, 404) } },
  }, async (request, reply) => {
    await datasets.remove(projectOf(request.caller), request.params.id);
    return reply.code(204).send(null);
  });
};
