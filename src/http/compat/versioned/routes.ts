import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Services } from '../../../domain/services.js';
import type { SortKey } from '../../../domain/numbered-pages.js';
import { LIMITS } from '../../../model/limits.js';
import { uuidOrNotFound } from '../path-ids.js';
import * as s from './schemas.js';
import { invalidPage } from './errors.js';
import { datapointIn, datapointJson, datasetOut, pageLink } from './wire.js';
import { djangoFilters, drfPage } from '../django.js';

const PAGE_SIZE = LIMITS.surfaces.versionedPageSize;

const tags = ['compat: versioned'];
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((c) => [c, c === 400 ? s.FieldErrors : s.Detail]));

/**
 * The versioned-datapoints API (Django REST Framework style) at /compat/versioned:
 * datasets are CRUD, datapoints are immutable and change only by POSTing a new version.
 */
export const versionedSurface =
  ({ datasets, datapoints, versions }: Pick<Services, 'datasets' | 'datapoints' | 'versions'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    /** Path ids that are not uuids name nothing: 404, as Django's URL converter answers. */
    const datasetId = (id: string) => uuidOrNotFound(id, 'dataset');
    const sendWire = (reply: FastifyReply, status: number, body: unknown) => reply.code(status).send(body);

    app.get(
      '/api/datasets/',
      {
        schema: {
          tags,
          summary: 'List datasets',
          operationId: 'versionedListDatasets',
          description:
            'Django REST framework page of datasets. The trailing slash is part of every path, as in the original: clients built for it send it.',
          querystring: s.PageQuery,
          response: { 200: s.DatasetPage, ...errors(401, 404) },
        },
      },
      async (request, reply) => {
        const asked = drfPage(request.query.page);
        if (asked === null) return sendWire(reply, 404, invalidPage.body);
        const page =
          asked === 'last' ? lastPage((await datasets.offsetPage(request.caller, { offset: 0, limit: 1, order: 'newest' })).total) : asked;
        const { total: count, items } = await datasets.offsetPage(request.caller, {
          offset: (page - 1) * PAGE_SIZE,
          limit: PAGE_SIZE,
          order: 'newest',
        });
        if (page > 1 && items.length === 0) return sendWire(reply, 404, invalidPage.body);
        return {
          count,
          next: pageLink(request, page * PAGE_SIZE < count ? page + 1 : null),
          previous: pageLink(request, page > 1 ? page - 1 : null),
          results: items.map(datasetOut),
        };
      },
    );

    app.post(
      '/api/datasets/',
      {
        schema: {
          tags,
          summary: 'Create a dataset, or publish the next version of the one with this name',
          operationId: 'versionedCreateDataset',
          description:
            'Creates a dataset, or, when one with this name exists, publishes its next version with these datapoints: datapoints never change in place.',
          body: s.DatasetIn,
          response: { 201: s.DatasetOut, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const { name, description, datapoints: items } = request.body;
        const published = await versions.publishByName(
          request.caller,
          { name, description, datapoints: items.map(datapointIn) },
          LIMITS.batchMax,
        );
        return reply.code(201).send(datasetOut(published.dataset));
      },
    );

    app.get(
      '/api/datasets/:id/',
      {
        schema: {
          tags,
          summary: 'Get a dataset',
          operationId: 'versionedGetDataset',
          description: "One dataset in the versioned surface's wire shape.",
          params: s.IdParams,
          response: { 200: s.DatasetOut, ...errors(401, 404) },
        },
      },
      async (request) => datasetOut(await datasets.readable(request.caller, datasetId(request.params.id))),
    );

    app.patch(
      '/api/datasets/:id/',
      {
        schema: {
          tags,
          summary: 'Rename or describe a dataset (datapoints never change in place)',
          operationId: 'versionedUpdateDataset',
          description: "Changes a dataset's name or description. Its datapoints are immutable; publish a new version to change them.",
          params: s.IdParams,
          body: s.DatasetPatch,
          response: { 200: s.DatasetOut, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const id = datasetId(request.params.id);
        const { name, description, datapoints: attempted } = request.body;
        if (attempted !== undefined) {
          return sendWire(reply, 400, { datapoints: ['Datapoints are immutable: POST a new dataset version to /api/datasets/ instead.'] });
        }
        if (name === undefined && description === undefined) return datasetOut(await datasets.get(request.caller, id));
        return datasetOut(await datasets.update(request.caller, id, { name, description }));
      },
    );

    app.delete(
      '/api/datasets/:id/',
      {
        schema: {
          tags,
          summary: 'Delete a dataset (soft)',
          operationId: 'versionedDeleteDataset',
          description: 'Hides the dataset and every version of it.',
          params: s.IdParams,
          response: { 204: Type.Null(), ...errors(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await datasets.remove(request.caller, datasetId(request.params.id));
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/datasets/:id/datapoints/',
      {
        schema: {
          tags,
          summary: 'List datapoints for a dataset',
          operationId: 'versionedListDatapoints',
          description:
            'No version parameter: the head. `version=N`: the datapoints of version N. `version_min` / `version_max`: every datapoint present in some version of the range, once, as of the latest version of the range it is in.',
          params: s.IdParams,
          querystring: s.DatapointQuery,
          response: { 200: s.DatapointPage, ...errors(400, 401, 404) },
        },
        preValidation: djangoFilters(
          { agent: 'uuid', generator_model: 'char', source: 'choice', version: 'number', version_min: 'number', version_max: 'number' },
          { min: ['version_min'], max: ['version_max'] },
        ),
      },
      async (request, reply) => {
        const id = datasetId(request.params.id);
        const q = request.query;
        const asked = drfPage(q.page);
        if (asked === null) return sendWire(reply, 404, invalidPage.body);
        const result = await datapoints.numberedPage(request.caller, id, {
          window: { version: q.version, version_min: q.version_min, version_max: q.version_max },
          filter: { agent: q.agent, generator_model: q.generator_model, source: q.source },
          sort: orderingOf(q.ordering),
          page: asked,
          pageSize: PAGE_SIZE,
        });
        if (result === null) return sendWire(reply, 404, invalidPage.body);
        const { page } = result;
        const next = pageLink(request, page * PAGE_SIZE < result.count ? page + 1 : null);
        const previous = pageLink(request, page > 1 ? page - 1 : null);
        const body = `{"count":${result.count},"next":${JSON.stringify(next)},"previous":${JSON.stringify(previous)},"results":[${result.items.map(datapointJson).join(',')}]}`;
        return reply.type('application/json; charset=utf-8').send(body as never);
      },
    );
  };

/** Django's paginator always has a first page, even for nothing. */
const lastPage = (total: number) => Math.max(1, Math.ceil(total / PAGE_SIZE));

const ORDERING_FIELDS: Record<string, SortKey['field']> = { order: 'order', created_at: 'created_at', id: 'id' };

/** DRF's OrderingFilter: comma-separated fields, `-` for descending, unknown ones ignored; default by order. */
function orderingOf(raw: Static<typeof s.DatapointQuery>['ordering']): SortKey[] {
  const keys: SortKey[] = [];
  for (const term of (raw ?? '').split(',').map((t) => t.trim())) {
    const field = ORDERING_FIELDS[term.replace(/^-/, '')];
    if (field && !keys.some((k) => k.field === field)) keys.push({ field, desc: term.startsWith('-') });
  }
  return keys.length ? keys : [{ field: 'order', desc: false }];
}
