import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Dataset as NativeDataset } from '../../../domain/datasets.js';
import type { DomainError } from '../../../domain/errors.js';
import { projectOf } from '../../../domain/principal.js';
import type { Services } from '../../../domain/services.js';
import { registerAuth } from '../../auth.js';
import { STATUS } from '../../errors.js';
import { fastapiValidation } from '../fastapi.js';
import { registerSurfaceErrors, uuidOrNotFound, type WireError } from '../scope.js';
import * as s from './schemas.js';

const tags = ['compat: gateway'];
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((c) => [c, c === 422 ? s.HTTPValidationError : s.ErrorResponse]));

/** Domain errors in the gateway's envelope; rule failures inside a valid body (filters) read as FastAPI 422s. */
function domainError(error: DomainError): WireError {
  if (error.code === 'validation_failed') {
    return {
      status: 422,
      body: {
        detail: error.issues.map((i) => ({
          loc: ['body', ...i.field.split('/').filter((k) => k && k !== 'body').map((k) => (/^\d+$/.test(k) ? Number(k) : k))],
          msg: i.message,
          type: 'value_error',
        })),
      },
    };
  }
  const status = STATUS[error.code];
  const message = status >= 500 ? 'internal server error' : error.message;
  return { status, body: { error: { code: error.code, message, details: null } } };
}

/** The inference gateway's dataset API at /compat/gateway: datasets cut from telemetry by filters. */
export const gatewaySurface = (services: Services): FastifyPluginAsyncTypebox => async (app) => {
  registerAuth(app, services.tenancy);
  registerSurfaceErrors(app, { validation: fastapiValidation, domain: domainError });
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
    const projectId = projectOf(request.principal);
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
    const dataset = await telemetry.cut(projectOf(request.principal), { ...rest, tags: datasetTags ?? undefined, owner_user_id: request.principal.userId });
    return reply.code(201).send({ id: dataset.id, message: `dataset created with ${dataset.cut_size} of ${dataset.requested_size} requested datapoints` });
  });

  app.get('/v1/datasets/:dataset_id', {
    schema: { tags, summary: 'Get a dataset', params: s.DatasetParams, response: { 200: s.Dataset, ...errors(401, 403, 404, 422, 429) } },
  }, async (request) => {
    const projectId = projectOf(request.principal);
    return wire(await datasets.get(projectId, uuidOrNotFound(request.params.dataset_id, 'dataset')), projectId);
  });
};
