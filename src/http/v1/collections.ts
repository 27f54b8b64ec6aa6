import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { projectOf } from '../../domain/caller.js';
import type { Services } from '../../domain/services.js';
import { IdParams, Page, PageQuery, problems } from './schemas/common.js';
import * as s from './schemas/collections.js';

const tags = ['collections'];

export const collectionRoutes = (services: Services): FastifyPluginAsyncTypebox => async (app) => {
  const { collections } = services;

  app.post('/collections', {
    schema: { tags, summary: 'Create a collection', body: s.CollectionCreate, response: { 201: s.Collection, ...problems(401, 403, 404, 422) } },
  }, async (request, reply) => reply.code(201).send(await collections.create(projectOf(request.caller), request.body)));

  app.get('/collections', {
    schema: { tags, summary: 'List collections', querystring: s.CollectionListQuery, response: { 200: Page(s.Collection), ...problems(400, 401, 422) } },
  }, async (request) => collections.list(projectOf(request.caller), request.query));

  app.get('/collections/:id', {
    schema: { tags, summary: 'Get a collection', params: IdParams, response: { 200: s.Collection, ...problems(401, 404) } },
  }, async (request) => collections.get(projectOf(request.caller), request.params.id));

  app.patch('/collections/:id', {
    schema: { tags, summary: 'Rename or move a collection', params: IdParams, body: s.CollectionUpdate, response: { 200: s.Collection, ...problems(401, 403, 404, 422) } },
  }, async (request) => collections.update(projectOf(request.caller), request.params.id, request.body));

  app.delete('/collections/:id', {
    schema: { tags, summary: 'Delete a collection', params: IdParams, response: { 204: Type.Null(), ...problems(401, 403, 404) } },
  }, async (request, reply) => {
    await collections.remove(projectOf(request.caller), request.params.id);
    return reply.code(204).send(null);
  });

  app.get('/collections/:id/members', {
    schema: { tags, summary: 'List members', params: IdParams, querystring: PageQuery, response: { 200: Page(Type.String()), ...problems(400, 401, 404) } },
  }, async (request) => collections.members(projectOf(request.caller), request.params.id, request.query));

  app.post('/collections/:id/members', {
    schema: { tags, summary: 'Add members (present ones are kept once)', params: IdParams, body: s.MembersBody, response: { 200: s.Collection, ...problems(401, 403, 404, 422) } },
  }, async (request) => collections.addMembers(projectOf(request.caller), request.params.id, request.body.members));

  app.delete('/collections/:id/members', {
    schema: { tags, summary: 'Remove members', params: IdParams, body: s.MembersBody, response: { 200: s.Collection, ...problems(401, 403, 404, 422) } },
  }, async (request) => collections.removeMembers(projectOf(request.caller), request.params.id, request.body.members));
};
