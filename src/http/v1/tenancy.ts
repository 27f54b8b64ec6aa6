import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../domain/services.js';
import { ApiKey, ApiKeyCreate, ApiKeyCreated, Namespace, NamespaceCreate, Project, ProjectCreate } from '../../model/tenancy.js';
import { KeyParams, NamespaceParams, NoContent, Page, PageQuery, ProjectParams, problems } from './schemas.js';

const tags = ['tenancy'];
const ref = (params: { ns: string; project: string }) => ({ namespace: params.ns, project: params.project });

/** Namespaces and projects (instance admin key) and a project's API keys. */
export const tenancyRoutes =
  ({ tenancy }: Pick<Services, 'tenancy'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/namespaces',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: 'Create a namespace',
          operationId: 'createNamespace',
          description: "A namespace groups projects (admin keys only). Its slug is unique and appears in the compat surfaces' paths.",
          body: NamespaceCreate,
          response: { 201: Namespace, ...problems(409) },
        },
      },
      async (request, reply) => reply.code(201).send(await tenancy.createNamespace(request.body)),
    );

    app.get(
      '/namespaces',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: 'List namespaces',
          operationId: 'listNamespaces',
          description: 'The namespaces this key may see, a cursor page at a time.',
          querystring: PageQuery,
          response: { 200: Page(Namespace) },
        },
      },
      async (request) => tenancy.listNamespaces(request.query),
    );

    app.post(
      '/namespaces/:ns/projects',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: 'Create a project',
          operationId: 'createProject',
          description: 'A project holds datasets, keys and everything else; nothing is visible across projects except through a share.',
          params: NamespaceParams,
          body: ProjectCreate,
          response: { 201: Project, ...problems(409) },
        },
      },
      async (request, reply) => reply.code(201).send(await tenancy.createProject(request.params.ns, request.body)),
    );

    app.get(
      '/namespaces/:ns/projects',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: 'List projects',
          operationId: 'listProjects',
          description: 'The projects of a namespace, a cursor page at a time.',
          params: NamespaceParams,
          querystring: PageQuery,
          response: { 200: Page(Project) },
        },
      },
      async (request) => tenancy.listProjects(request.params.ns, request.query),
    );

    app.post(
      '/namespaces/:ns/projects/:project/api-keys',
      {
        config: { secretResponse: true },
        schema: {
          tags,
          summary: 'Create an API key',
          operationId: 'createApiKey',
          description:
            'Instance admin key, or an admin key of the project. The secret `key` is shown only in this response: ' +
            'a retry with the same Idempotency-Key answers 409 `idempotency_secret_not_replayable`. A key bound to a user (`user_id`) can ' +
            'only be made by the instance admin or by a key acting as that user, and the user must be a member of the namespace.',
          params: ProjectParams,
          body: ApiKeyCreate,
          response: { 201: ApiKeyCreated, ...problems(409) },
        },
      },
      async (request, reply) => reply.code(201).send(await tenancy.createKey(request.caller, ref(request.params), request.body)),
    );

    app.get(
      '/namespaces/:ns/projects/:project/api-keys',
      {
        schema: {
          tags,
          summary: 'List API keys (no secrets)',
          operationId: 'listApiKeys',
          description: 'The keys of a project: id, name, role, prefix and dates. Secrets are shown once, at creation, and never stored.',
          params: ProjectParams,
          querystring: PageQuery,
          response: { 200: Page(ApiKey) },
        },
      },
      async (request) => tenancy.listKeys(request.caller, ref(request.params), request.query),
    );

    app.delete(
      '/namespaces/:ns/projects/:project/api-keys/:id',
      {
        schema: {
          tags,
          summary: 'Revoke an API key',
          operationId: 'revokeApiKey',
          description: 'The key stops working at once, and so do the tokens issued for it.',
          params: KeyParams,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await tenancy.revokeKey(request.caller, ref(request.params), request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
