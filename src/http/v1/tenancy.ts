import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../domain/services.js';
import { Page, PageQuery, problems } from './schemas/common.js';
import * as s from './schemas/tenancy.js';

const tags = ['tenancy'];

/** Namespaces and projects (instance admin key) and a project's API keys. */
export const tenancyRoutes = (services: Services): FastifyPluginAsyncTypebox => async (app) => {
  const { tenancy } = services;

  app.post('/namespaces', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Create a namespace', body: s.NamespaceCreate, response: { 201: s.Namespace, ...problems(401, 403, 409, 422) } },
  }, async (request, reply) => reply.code(201).send(await tenancy.createNamespace(request.body)));

  app.get('/namespaces', {
    config: { access: 'admin' },
    schema: { tags, summary: 'List namespaces', querystring: PageQuery, response: { 200: Page(s.Namespace), ...problems(401, 403) } },
  }, async (request) => tenancy.listNamespaces(request.query));

  app.post('/namespaces/:ns/projects', {
    config: { access: 'admin' },
    schema: { tags, summary: 'Create a project', params: s.NamespaceParams, body: s.ProjectCreate, response: { 201: s.Project, ...problems(401, 403, 404, 409, 422) } },
  }, async (request, reply) => reply.code(201).send(await tenancy.createProject(request.params.ns, request.body)));

  app.get('/namespaces/:ns/projects', {
    config: { access: 'admin' },
    schema: { tags, summary: 'List projects', params: s.NamespaceParams, querystring: PageQuery, response: { 200: Page(s.Project), ...problems(401, 403, 404) } },
  }, async (request) => tenancy.listProjects(request.params.ns, request.query));

  const ref = (params: { ns: string; project: string }) => ({ namespace: params.ns, project: params.project });

  app.post('/namespaces/:ns/projects/:project/api-keys', {
    config: { secretResponse: true },
    schema: {
      tags,
      summary: 'Create an API key',
      description: 'Instance admin key, or an admin key of the project. The secret `key` is shown only in this response: ' +
        'a retry with the same Idempotency-Key answers 409 `idempotency_secret_not_replayable`. A key bound to a user (`user_id`) can ' +
        'only be made by the instance admin or by a key acting as that user, and the user must be a member of the namespace.',
      params: s.ProjectParams,
      body: s.ApiKeyCreate,
      response: { 201: s.ApiKeyCreated, ...problems(401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    const key = await tenancy.createKey(request.caller, ref(request.params), { ...request.body, role: request.body.role ?? 'write' });
    return reply.code(201).send(key);
  });

  app.get('/namespaces/:ns/projects/:project/api-keys', {
    schema: { tags, summary: 'List API keys (no secrets)', params: s.ProjectParams, querystring: PageQuery, response: { 200: Page(s.ApiKey), ...problems(401, 403, 404) } },
  }, async (request) => tenancy.listKeys(request.caller, ref(request.params), request.query));

  app.delete('/namespaces/:ns/projects/:project/api-keys/:id', {
    schema: { tags, summary: 'Revoke an API key', params: s.KeyParams, response: { 204: Type.Null(), ...problems(401, 403, 404) } },
  }, async (request, reply) => {
    await tenancy.revokeKey(request.caller, ref(request.params), request.params.id);
    return reply.code(204).send(null);
  });
};
