import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RUN_SOURCES, RUN_TYPES } from '../../domain/catalog.js';
import { LIMITS } from '../../domain/limits.js';
import { projectOf } from '../../domain/caller.js';
import type { Services } from '../../domain/services.js';
import { IdParams, Page, PageQuery, problems } from './schemas/common.js';
import * as s from './schemas/evals.js';
import { NamespaceParams } from './schemas/tenancy.js';

/** Users and memberships, shares, dataset types, metrics, runs and evaluations. */
export const evalRoutes = (services: Services): FastifyPluginAsyncTypebox => async (app) => {
  const { users, shares, catalog, runs } = services;
  const member = (caller: { projectId: string | null; keyId: string; role: 'read' | 'write' | 'admin'; userId: string | null }) => ({ ...caller, projectId: projectOf(caller) });

  app.post('/users', {
    config: { access: 'admin' },
    schema: { tags: ['users'], summary: 'Create a user', body: s.UserCreate, response: { 201: s.User, ...problems(401, 403, 409, 422) } },
  }, async (request, reply) => reply.code(201).send(await users.create(request.body)));

  app.get('/users', {
    config: { access: 'admin' },
    schema: { tags: ['users'], summary: 'List users', querystring: PageQuery, response: { 200: Page(s.User), ...problems(401, 403) } },
  }, async (request) => users.list(request.query));

  app.post('/namespaces/:ns/members', {
    config: { access: 'admin' },
    schema: { tags: ['users'], summary: 'Add a user to a namespace (or change their role)', params: NamespaceParams, body: s.MemberCreate, response: { 201: s.Member, ...problems(401, 403, 404, 422) } },
  }, async (request, reply) => reply.code(201).send(await users.addMember(request.params.ns, request.body)));

  app.post('/datasets/:id/shares', {
    schema: { tags: ['shares'], summary: 'Share a dataset with a user, a namespace, or everyone', params: IdParams, body: s.ShareCreate, response: { 201: s.Share, ...problems(401, 403, 404, 409, 422) } },
  }, async (request, reply) => reply.code(201).send(await shares.create(projectOf(request.caller), request.params.id, request.body)));

  app.get('/datasets/:id/shares', {
    schema: { tags: ['shares'], summary: "A dataset's shares", params: IdParams, response: { 200: Type.Object({ data: Type.Array(s.Share) }), ...problems(401, 404) } },
  }, async (request) => ({ data: await shares.list(projectOf(request.caller), request.params.id) }));

  app.delete('/datasets/:id/shares/:share_id', {
    schema: { tags: ['shares'], summary: 'Stop sharing', params: s.ShareParams, response: { 204: Type.Null(), ...problems(401, 403, 404) } },
  }, async (request, reply) => {
    await shares.remove(projectOf(request.caller), request.params.id, request.params.share_id);
    return reply.code(204).send(null);
  });

  app.get('/dataset-types', {
    schema: { tags: ['evaluations'], summary: 'Dataset types (CUSTOM always exists)', response: { 200: Type.Object({ data: Type.Array(s.DatasetType) }), ...problems(401) } },
  }, async () => ({ data: await catalog.datasetTypes() }));

  app.post('/dataset-types', {
    config: { access: 'admin' },
    schema: { tags: ['evaluations'], summary: 'Create a dataset type', body: s.DatasetTypeCreate, response: { 201: s.DatasetType, ...problems(401, 403, 409, 422) } },
  }, async (request, reply) => reply.code(201).send(await catalog.createDatasetType(request.body)));

  app.get('/run-types', { schema: { tags: ['evaluations'], summary: 'Run types', response: { 200: Type.Object({ data: Type.Array(s.Lookup) }) } } }, async () => ({ data: RUN_TYPES }));
  app.get('/run-sources', { schema: { tags: ['evaluations'], summary: 'Run sources', response: { 200: Type.Object({ data: Type.Array(s.Lookup) }) } } }, async () => ({ data: RUN_SOURCES }));

  app.post('/metrics', {
    schema: { tags: ['evaluations'], summary: 'Create a metric', body: s.MetricCreate, response: { 201: s.Metric, ...problems(401, 403, 409, 422) } },
  }, async (request, reply) => reply.code(201).send(await catalog.createMetric(projectOf(request.caller), request.body)));

  app.get('/metrics', {
    schema: { tags: ['evaluations'], summary: 'List metrics', querystring: PageQuery, response: { 200: Page(s.Metric), ...problems(400, 401) } },
  }, async (request) => catalog.metrics(projectOf(request.caller), request.query));

  app.post('/runs', {
    schema: { tags: ['evaluations'], summary: 'Record a run over a dataset', body: s.RunCreate, response: { 201: s.Run, ...problems(401, 403, 404, 422) } },
  }, async (request, reply) => reply.code(201).send(await runs.create(member(request.caller), request.body)));

  app.get('/runs', {
    schema: { tags: ['evaluations'], summary: 'List runs, newest first', querystring: s.RunListQuery, response: { 200: Page(s.Run), ...problems(400, 401) } },
  }, async (request) => runs.list(projectOf(request.caller), request.query));

  app.post('/runs/:id/evaluations', {
    schema: {
      tags: ['evaluations'],
      summary: 'Record evaluations of a run (record x metric)',
      description: '`is_gte_threshold` is computed. Records must be datapoints of the run\'s dataset; atomic.',
      params: IdParams,
      body: Type.Array(s.EvaluationCreate, { minItems: 1, maxItems: LIMITS.batchMax }),
      response: { 201: Type.Object({ data: Type.Array(s.Evaluation) }), ...problems(401, 403, 404, 422) },
    },
  }, async (request, reply) => reply.code(201).send({ data: await runs.addEvaluations(member(request.caller), request.params.id, request.body) }));
};
