import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { projectOf } from '../../domain/principal.js';
import type { Services } from '../../domain/services.js';
import { IdParams, Page, problems } from './schemas/common.js';
import * as s from './schemas/datasets.js';

const tags = ['datasets'];

export const datasetRoutes = (services: Services): FastifyPluginAsyncTypebox => async (app) => {
  const { datasets } = services;

  app.post('/datasets', {
    schema: { tags, summary: 'Create a dataset', body: s.DatasetCreate, response: { 201: s.Dataset, ...problems(401, 403, 409, 422) } },
  }, async (request, reply) => reply.code(201).send(await datasets.create(projectOf(request.principal), request.body)));

  app.get('/datasets', {
    schema: {
      tags,
      summary: 'List datasets',
      description: 'Cursor pages of the project\'s live datasets, filtered by type, tag or a name substring.',
      querystring: s.DatasetListQuery,
      response: { 200: Page(s.Dataset), ...problems(400, 401, 422) },
    },
  }, async (request) => datasets.list(projectOf(request.principal), request.query));

  app.get('/datasets/:id', {
    schema: { tags, summary: 'Get a dataset', params: IdParams, response: { 200: s.Dataset, ...problems(401, 404) } },
  }, async (request) => datasets.get(projectOf(request.principal), request.params.id));

  app.patch('/datasets/:id', {
    schema: { tags, summary: 'Update a dataset (only the fields given)', params: IdParams, body: s.DatasetUpdate, response: { 200: s.Dataset, ...problems(401, 403, 404, 409, 422) } },
  }, async (request) => datasets.update(projectOf(request.principal), request.params.id, request.body));

  app.delete('/datasets/:id', {
    schema: { tags, summary: 'Delete a dataset (soft: its name is free again, its collections stay)', params: IdParams, response: { 204: Type.Null(), ...problems(401, 403, 404) } },
  }, async (request, reply) => {
    await datasets.remove(projectOf(request.principal), request.params.id);
    return reply.code(204).send(null);
  });
};
