import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Dataset as NativeDataset } from '../../../domain/datasets.js';
import { projectOf } from '../../../domain/caller.js';
import type { Services } from '../../../domain/services.js';
import { uuidOrNotFound } from '../scope.js';
import * as s from './schemas.js';

const tags = ['compat: gateway'];
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((c) => [c, c === 422 ? s.HTTPValidationError : s.ErrorResponse]));

/** The inference gateway's dataset API at /compat/gateway: datasets cut from telemetry by filters. */
export const gatewaySurface = (services: Services): FastifyPluginAsyncTypebox => async (app) => {
  const { datasets, telemetry } = services;

  const wire = (d: NativeDataset, projectId: string) => ({
    id: d.id,
    object: 'dataset' as const,
    name: d.name,
    description: d.description,
    user_id: null,
    project_id: projectId,
    org_id: null,
    container_id: d.container_id,
    requested_size: d.requested_size,
    size: d.datapoint_count,
    filters: d.filters,
    created_at: d.created_at,
    tags: d.tags,
    metadata: d.metadata,
  });

  app.get('/v1/datasets', {
    schema: { tags, summary: 'List datasets', querystring: s.ListQuery, response: { 200: s.ListResponse, ...errors(400, 401, 403, 422, 429) } },
  }, async (request) => {
    const projectId = projectOf(request.caller);
    const { limit, offset, container } = request.query;
    // The document gives this listing no 404, so an unknown container filters everything out.
    const containerId = container === undefined ? undefined : await telemetry.containerId(projectId, container);
    if (containerId === null) return { object: 'list' as const, data: [], total: 0 };
    const { total, items } = await datasets.offsetPage(projectId, { offset, limit, order: 'newest', container_id: containerId });
    return { object: 'list' as const, data: items.map((d) => wire(d, projectId)), total };
  });

  app.post('/v1/datasets', {
    schema: { tags, summary: 'Create a dataset', body: s.CreateDatasetReq, response: { 201: s.CreateDatasetRes, ...errors(400, 401, 403, 404, 409, 422, 429) } },
  }, async (request, reply) => {
    const { tags: datasetTags, ...rest } = request.body;
    const dataset = await telemetry.cut(projectOf(request.caller), { ...rest, tags: datasetTags ?? undefined, owner_user_id: request.caller.userId });
    return reply.code(201).send({ id: dataset.id, message: `dataset created with ${dataset.cut_size} of ${dataset.requested_size} requested datapoints` });
  });

  app.get('/v1/datasets/:dataset_id', {
    schema: { tags, summary: 'Get a dataset', params: s.DatasetParams, response: { 200: s.Dataset, ...errors(401, 403, 404, 422, 429) } },
  }, async (request) => {
    const projectId = projectOf(request.caller);
    return wire(await datasets.get(projectId, uuidOrNotFound(request.params.dataset_id, 'dataset')), projectId);
  });
};
