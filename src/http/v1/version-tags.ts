import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../domain/services.js';
import { Version } from '../../model/datapoints.js';
import { RestoreRequest, TagMove, TagSet, VersionTag } from '../../model/version-tags.js';
import { IdParams, NoContent, Page, PageQuery, TagParams, problems } from './schemas.js';

const tags = ['versions'];

/** Version tags (named, movable pointers to versions) and restoring an earlier version. */
export const versionTagRoutes =
  ({ versionTags, versions }: Pick<Services, 'versionTags' | 'versions'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/datasets/:id/tags',
      {
        schema: {
          tags,
          summary: 'List version tags',
          operationId: 'listVersionTags',
          description: "The dataset's version tags by name, with the version each points at.",
          params: IdParams,
          querystring: PageQuery,
          response: { 200: Page(VersionTag) },
        },
      },
      async (request) => versionTags.list(request.caller, request.params.id, request.query),
    );

    app.put(
      '/datasets/:id/tags/:name',
      {
        schema: {
          tags,
          summary: 'Tag a version, or move a tag',
          operationId: 'setVersionTag',
          description:
            'Points the tag at a version (a number, or another tag: `{"version": "staging"}`), making it (201) or moving it (200). ' +
            'Where it pointed before stays in its history. Tag names are unique in a dataset and start with a letter.',
          params: TagParams,
          body: TagSet,
          response: { 200: VersionTag, 201: VersionTag },
        },
      },
      async (request, reply) => {
        const { tag, created } = await versionTags.set(request.caller, request.params.id, request.params.name, request.body.version);
        return reply.code(created ? 201 : 200).send(tag);
      },
    );

    app.get(
      '/datasets/:id/tags/:name',
      {
        schema: {
          tags,
          summary: 'Get a version tag',
          operationId: 'getVersionTag',
          description: 'The version a tag points at now.',
          params: TagParams,
          response: { 200: VersionTag },
        },
      },
      async (request) => versionTags.get(request.caller, request.params.id, request.params.name),
    );

    app.delete(
      '/datasets/:id/tags/:name',
      {
        schema: {
          tags,
          summary: 'Delete a version tag',
          operationId: 'deleteVersionTag',
          description: 'Removes the tag; the versions stay, and so does its history.',
          params: TagParams,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await versionTags.delete(request.caller, request.params.id, request.params.name);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/datasets/:id/tags/:name/history',
      {
        schema: {
          tags,
          summary: "A version tag's moves",
          operationId: 'listVersionTagMoves',
          description: 'Every move of the tag, newest first: made (from null), moved, deleted (to null).',
          params: TagParams,
          querystring: PageQuery,
          response: { 200: Page(TagMove) },
        },
      },
      async (request) => versionTags.history(request.caller, request.params.id, request.params.name, request.query),
    );

    app.post(
      '/datasets/:id/restore',
      {
        schema: {
          tags,
          summary: 'Restore an earlier version',
          operationId: 'restoreVersion',
          description:
            'Commits a new version whose content equals an earlier one (a number or a tag). It writes only the datapoints that differ ' +
            'between the two, so it is cheap when they are close; deleted datapoints come back with their ids. A commit like any other: ' +
            'it can be diffed, tagged and restored from.',
          params: IdParams,
          body: RestoreRequest,
          response: { 201: Version, ...problems(409) },
        },
      },
      async (request, reply) => reply.code(201).send(await versions.restore(request.caller, request.params.id, request.body)),
    );
  };
