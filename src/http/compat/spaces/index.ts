import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { notFound } from '../../../domain/errors.js';
import type { Services } from '../../../domain/services.js';
import * as s from './schemas.js';
import { MAX_PAGE_SIZE, datasetOut, summaryOut } from './wire.js';

const tags = ['compat: spaces'];
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((c) => [c, s.Error]));

/**
 * The spaces API at /compat/spaces: datasets addressed by name under a namespace and
 * project, grouping collections. Authenticated by JWT; each call is at most two statements.
 */
export const spacesSurface = (services: Services): FastifyPluginAsyncTypebox => async (app) => {
  const { datasets, collections } = services;

  /** The project the token reaches, if the path names it; any other namespace or project is 404. */
  const project = (request: { token: FastifyRequest['token']; params: { slug: string; projectSlug: string } }): string => {
    const { token, params } = request;
    if (params.slug !== token.namespaceSlug) throw notFound('namespace');
    if (params.projectSlug !== token.projectSlug) throw notFound('project');
    return token.projectId;
  };
  const base = '/namespaces/:slug/projects/:projectSlug/datasets';

  app.post(base, {
    schema: { tags, summary: 'Create a dataset', params: s.SpaceParams, body: s.DatasetCreate, response: { 201: s.Dataset, ...errors(400, 401, 403, 404, 409) } },
  }, async (request, reply) => {
    const projectId = project(request);
    const { metadata, ...rest } = request.body;
    const dataset = await datasets.create(projectId, { ...rest, metadata: metadata ?? undefined, owner_user_id: request.token.userId });
    return reply.code(201).send(datasetOut(dataset, projectId));
  });

  app.get(base, {
    schema: { tags, summary: 'List datasets', params: s.SpaceParams, querystring: s.ListQuery, response: { 200: s.DatasetList, ...errors(400, 401, 404) } },
  }, async (request) => {
    const projectId = project(request);
    const { page } = request.query;
    const pageSize = Math.min(request.query.pageSize, MAX_PAGE_SIZE);
    const { total, items } = await datasets.offsetPage(projectId, { offset: (page - 1) * pageSize, limit: pageSize, order: 'oldest' });
    return { datasets: items.map(summaryOut), page, pageSize, total, totalPages: Math.ceil(total / pageSize) };
  });

  app.get(`${base}/:name`, {
    schema: { tags, summary: 'Get a dataset with its collections', params: s.DatasetParams, response: { 200: s.DatasetWithCollections, ...errors(401, 404) } },
  }, async (request) => {
    const projectId = project(request);
    const dataset = await datasets.getByName(projectId, request.params.name);
    return { ...summaryOut(dataset), collections: await collections.ofDataset(projectId, dataset.id) };
  });

  app.patch(`${base}/:name`, {
    schema: { tags, summary: 'Update a dataset (only the fields given)', params: s.DatasetParams, body: s.DatasetPatch, response: { 200: s.Dataset, ...errors(400, 401, 403, 404, 409) } },
  }, async (request) => {
    const projectId = project(request);
    const { metadata, ...rest } = request.body;
    const patch = { ...rest, ...(metadata !== undefined && { metadata: metadata ?? {} }) };
    return datasetOut(await datasets.update(projectId, { name: request.params.name }, patch), projectId);
  });

  app.delete(`${base}/:name`, {
    schema: { tags, summary: 'Delete a dataset (soft; its collections stay, standalone)', params: s.DatasetParams, response: { 200: s.Success, ...errors(401, 403, 404) } },
  }, async (request) => {
    await datasets.remove(project(request), { name: request.params.name });
    return { success: true as const };
  });
};
