import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../../domain/errors.js';
import { assertRole, type Principal } from '../../domain/principal.js';
import type { Project } from '../../domain/tenancy.js';
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

  /** The project named in the path, if this caller may manage its keys; others' projects are 404. */
  const keyProject = async (principal: Principal, ns: string, slug: string): Promise<Project> => {
    const project = await tenancy.project(ns, slug);
    if (principal.projectId === null) return project;
    if (principal.projectId !== project.id) throw notFound(`project "${ns}/${slug}"`);
    assertRole(principal, 'admin');
    return project;
  };

  app.post('/namespaces/:ns/projects/:project/api-keys', {
    schema: {
      tags,
      summary: 'Create an API key',
      description: 'Instance admin key, or an admin key of the project. The secret `key` is shown only in this response.',
      params: s.ProjectParams,
      body: s.ApiKeyCreate,
      response: { 201: s.ApiKeyCreated, ...problems(401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    const project = await keyProject(request.principal, request.params.ns, request.params.project);
    const key = await tenancy.createKey(project.id, { ...request.body, role: request.body.role ?? 'write' });
    return reply.code(201).send(key);
  });

  app.get('/namespaces/:ns/projects/:project/api-keys', {
    schema: { tags, summary: 'List API keys (no secrets)', params: s.ProjectParams, querystring: PageQuery, response: { 200: Page(s.ApiKey), ...problems(401, 403, 404) } },
  }, async (request) => {
    const project = await keyProject(request.principal, request.params.ns, request.params.project);
    return tenancy.listKeys(project.id, request.query);
  });

  app.delete('/namespaces/:ns/projects/:project/api-keys/:id', {
    schema: { tags, summary: 'Revoke an API key', params: s.KeyParams, response: { 204: Type.Null(), ...problems(401, 403, 404) } },
  }, async (request, reply) => {
    const project = await keyProject(request.principal, request.params.ns, request.params.project);
    await tenancy.revokeKey(project.id, request.params.id);
    return reply.code(204).send(null);
  });
};
