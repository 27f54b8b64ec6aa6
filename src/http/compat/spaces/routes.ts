import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../../../domain/caller.js';
import { notFound } from '../../../domain/errors.js';
import type { Services } from '../../../domain/services.js';
import { LIMITS } from '../../../model/limits.js';
import * as s from './schemas.js';
import { datasetCreateIn, datasetOut, datasetPatchIn, summaryOut } from './wire.js';

const tags = ['compat: spaces'];
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((c) => [c, s.Error]));

/** The caller a token stands for, if the path names its namespace and project; any other is 404. */
function inProject(request: { token: FastifyRequest['token']; params: { slug: string; projectSlug: string } }): Caller {
  const { token, params } = request;
  if (params.slug !== token.namespaceSlug) throw notFound('namespace');
  if (params.projectSlug !== token.projectSlug) throw notFound('project');
  return token;
}

/**
 * The spaces API at /compat/spaces: datasets addressed by name under a namespace and
 * project, grouping collections. Authenticated by JWT; each call is at most two statements.
 */
export const spacesSurface =
  ({ datasets, collections }: Pick<Services, 'datasets' | 'collections'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    const base = '/namespaces/:slug/projects/:projectSlug/datasets';

    app.post(
      base,
      {
        schema: {
          tags,
          summary: 'Create a dataset',
          operationId: 'spacesCreateDataset',
          description: "Creates a dataset in a namespace's project, optionally in collections, in the spaces surface's wire shape.",
          params: s.SpaceParams,
          body: s.DatasetCreate,
          response: { 201: s.Dataset, ...errors(409) },
        },
      },
      async (request, reply) => {
        const dataset = await datasets.create(inProject(request), datasetCreateIn(request.body));
        return reply.code(201).send(datasetOut(dataset, request.token.projectId));
      },
    );

    app.get(
      base,
      {
        schema: {
          tags,
          summary: 'List datasets',
          operationId: 'spacesListDatasets',
          description: "The datasets of a namespace's project, in the spaces surface's wire shape.",
          params: s.SpaceParams,
          querystring: s.ListQuery,
          response: { 200: s.DatasetList },
        },
      },
      async (request) => {
        const caller = inProject(request);
        const { page } = request.query;
        const pageSize = Math.min(request.query.pageSize, LIMITS.surfaces.spacesPageMax);
        const { total, items } = await datasets.offsetPage(caller, { offset: (page - 1) * pageSize, limit: pageSize, order: 'oldest' });
        return { datasets: items.map(summaryOut), page, pageSize, total, totalPages: Math.ceil(total / pageSize) };
      },
    );

    app.get(
      `${base}/:name`,
      {
        schema: {
          tags,
          summary: 'Get a dataset with its collections',
          operationId: 'spacesGetDataset',
          description: 'One dataset by name, with the collections that hold it.',
          params: s.DatasetParams,
          response: { 200: s.DatasetWithCollections },
        },
      },
      async (request) => {
        const caller = inProject(request);
        const dataset = await datasets.get(caller, { name: request.params.name });
        return { ...summaryOut(dataset), collections: await collections.ofDataset(caller, dataset.id) };
      },
    );

    app.patch(
      `${base}/:name`,
      {
        schema: {
          tags,
          summary: 'Update a dataset (only the fields given)',
          operationId: 'spacesUpdateDataset',
          description: 'Changes the fields given; the others keep their values.',
          params: s.DatasetParams,
          body: s.DatasetPatch,
          response: { 200: s.Dataset, ...errors(409) },
        },
      },
      async (request) => {
        const dataset = await datasets.update(inProject(request), { name: request.params.name }, datasetPatchIn(request.body));
        return datasetOut(dataset, request.token.projectId);
      },
    );

    app.delete(
      `${base}/:name`,
      {
        schema: {
          tags,
          summary: 'Delete a dataset (soft; its collections stay, standalone)',
          operationId: 'spacesDeleteDataset',
          description: 'Hides the dataset; collections that held it stay.',
          params: s.DatasetParams,
          response: { 200: s.Success },
        },
      },
      async (request) => {
        await datasets.remove(inProject(request), { name: request.params.name });
        return { success: true as const };
      },
    );
  };
