import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { projectOf } from '../../../domain/caller.js';
import type { Services } from '../../../domain/services.js';
import { uuidOrNotFound } from '../path-ids.js';
import * as s from './schemas.js';
import { createdMessage, datasetOut } from './wire.js';

const tags = ['compat: gateway'];
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((c) => [c, c === 422 ? s.HTTPValidationError : s.ErrorResponse]));

/** The inference gateway's dataset API at /compat/gateway: datasets cut from telemetry by filters. */
export const gatewaySurface =
  ({ datasets, telemetry }: Pick<Services, 'datasets' | 'telemetry'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/v1/datasets',
      {
        schema: {
          tags,
          summary: 'List datasets',
          operationId: 'gatewayListDatasets',
          description: "The gateway surface's dataset listing, as the original sends it.",
          querystring: s.ListQuery,
          response: { 200: s.ListResponse, ...errors(400, 401, 403, 422, 429) },
        },
      },
      async (request) => {
        const { limit, offset, container } = request.query;
        // The document gives this listing no 404, so an unknown container filters everything out.
        const containerId = container === undefined ? undefined : await telemetry.containerId(request.caller, container);
        if (containerId === null) return { object: 'list' as const, data: [], total: 0 };
        const { total, items } = await datasets.offsetPage(request.caller, { offset, limit, order: 'newest', container_id: containerId });
        return { object: 'list' as const, data: items.map((d) => datasetOut(d, projectOf(request.caller))), total };
      },
    );

    app.post(
      '/v1/datasets',
      {
        schema: {
          tags,
          summary: 'Create a dataset',
          operationId: 'gatewayCreateDataset',
          description: "Creates a dataset from the container's events that the filters keep, as the original does.",
          body: s.CreateDatasetReq,
          response: { 201: s.CreateDatasetRes, ...errors(400, 401, 403, 404, 409, 422, 429) },
        },
      },
      async (request, reply) => {
        const { tags: datasetTags, ...rest } = request.body;
        const dataset = await telemetry.cut(request.caller, { ...rest, tags: datasetTags ?? undefined });
        return reply.code(201).send({ id: dataset.id, message: createdMessage(dataset) });
      },
    );

    app.get(
      '/v1/datasets/:dataset_id',
      {
        schema: {
          tags,
          summary: 'Get a dataset',
          operationId: 'gatewayGetDataset',
          description: "One dataset in the gateway surface's wire shape.",
          params: s.DatasetParams,
          response: { 200: s.Dataset, ...errors(401, 403, 404, 422, 429) },
        },
      },
      async (request) => {
        const dataset = await datasets.readable(request.caller, uuidOrNotFound(request.params.dataset_id, 'dataset'));
        // A dataset shared with the caller belongs to another project, which this surface does not name.
        return datasetOut(dataset, dataset.project_id === projectOf(request.caller) ? dataset.project_id : null);
      },
    );
  };
