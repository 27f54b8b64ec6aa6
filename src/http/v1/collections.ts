import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../domain/services.js';
import { Collection, CollectionCreate, CollectionUpdate } from '../../model/collections.js';
import { CollectionListQuery, IdParams, MembersBody, NoContent, Page, PageQuery, problems } from './schemas.js';

const tags = ['collections'];

export const collectionRoutes =
  ({ collections }: Pick<Services, 'collections'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/collections',
      {
        schema: {
          tags,
          summary: 'Create a collection',
          operationId: 'createCollection',
          description: 'A named set of member ids (datapoint ids, node ids, any string), optionally inside a dataset.',
          body: CollectionCreate,
          response: { 201: Collection, ...problems(404) },
        },
      },
      async (request, reply) => reply.code(201).send(await collections.create(request.caller, request.body)),
    );

    app.get(
      '/collections',
      {
        schema: {
          tags,
          summary: 'List collections',
          operationId: 'listCollections',
          description: 'The collections of this project, a cursor page at a time.',
          querystring: CollectionListQuery,
          response: { 200: Page(Collection) },
        },
      },
      async (request) => collections.list(request.caller, request.query),
    );

    app.get(
      '/collections/:id',
      {
        schema: {
          tags,
          summary: 'Get a collection',
          operationId: 'getCollection',
          description: 'One collection with its dataset and member count.',
          params: IdParams,
          response: { 200: Collection },
        },
      },
      async (request) => collections.get(request.caller, request.params.id),
    );

    app.patch(
      '/collections/:id',
      {
        schema: {
          tags,
          summary: 'Rename or move a collection',
          operationId: 'updateCollection',
          description: 'Renames a collection or moves it into another dataset of the project (or out of any, with null).',
          params: IdParams,
          body: CollectionUpdate,
          response: { 200: Collection },
        },
      },
      async (request) => collections.update(request.caller, request.params.id, request.body),
    );

    app.delete(
      '/collections/:id',
      {
        schema: {
          tags,
          summary: 'Delete a collection',
          operationId: 'deleteCollection',
          description: 'Removes the collection and its member list; the datapoints or nodes its members name are not touched.',
          params: IdParams,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await collections.remove(request.caller, request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/collections/:id/members',
      {
        schema: {
          tags,
          summary: 'List members',
          operationId: 'listCollectionMembers',
          description: 'The member ids of a collection, a cursor page at a time.',
          params: IdParams,
          querystring: PageQuery,
          response: { 200: Page(Type.String()) },
        },
      },
      async (request) => collections.members(request.caller, request.params.id, request.query),
    );

    app.post(
      '/collections/:id/members',
      {
        schema: {
          tags,
          summary: 'Add members (present ones are kept once)',
          operationId: 'addCollectionMembers',
          description: 'Adds member ids to the collection; one already there is kept once.',
          params: IdParams,
          body: MembersBody,
          response: { 200: Collection },
        },
      },
      async (request) => collections.addMembers(request.caller, request.params.id, request.body.members),
    );

    app.delete(
      '/collections/:id/members',
      {
        schema: {
          tags,
          summary: 'Remove members',
          operationId: 'removeCollectionMembers',
          description: 'Takes member ids out of the collection; ids not in it are ignored.',
          params: IdParams,
          body: MembersBody,
          response: { 200: Collection },
        },
      },
      async (request) => collections.removeMembers(request.caller, request.params.id, request.body.members),
    );
  };
