import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../domain/services.js';
import { entryNotFound } from '../../../domain/hub/commits.js';
import { HubError } from './errors.js';
import * as s from './schemas.js';
import { datasetInfo, isFolder, listItem, pathInfos, refsOut, treeEntries, truthy } from './wire.js';

const tags = ['compat: hf'];
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((c) => [c, HubError]));

/** The Hub's repository API (`/api/datasets/…`) as `huggingface_hub` and `@huggingface/hub` call it. */
export const hubApiRoutes =
  ({ hub }: Pick<Services, 'hub'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/datasets',
      {
        schema: {
          tags,
          summary: "List the key's dataset repositories",
          operationId: 'hfListDatasets',
          description:
            'The datasets of the key\'s project as repositories of its namespace, newest first: `search` a substring of the name, `filter` a tag, `author` another namespace lists none. Pages of `limit` (at most 1000); a `Link` header with `rel="next"` names the next page.',
          querystring: s.ListQuery,
          response: { 200: s.DatasetList },
        },
      },
      async (request, reply) => {
        const { author, search, filter, limit = 50, cursor } = request.query;
        const page = await hub.list(request.caller, { author, search, tag: filter, limit, cursor });
        if (page.next_cursor) reply.header('link', `<${withCursor(request, page.next_cursor)}>; rel="next"`);
        return page.data.map(listItem);
      },
    );

    const info = async (request: FastifyRequest<{ Params: { namespace: string; name: string; rev?: string } }>) => {
      const { namespace, name, rev } = request.params;
      const at = await hub.revision(request.caller, namespace, name, rev ?? 'main');
      return datasetInfo(at, await hub.paths(at));
    };
    const infoSchema = { tags, querystring: s.InfoQuery, response: { 200: s.DatasetInfo, ...errors(404) } };

    app.get(
      '/api/datasets/:namespace/:name',
      {
        schema: {
          ...infoSchema,
          summary: 'Dataset repository info at main',
          operationId: 'hfDatasetInfo',
          description:
            "The dataset of the key's project at the path NAMESPACE/NAME (an artifact's), or else named NAME, in its namespace NAMESPACE, as a Hub dataset repository at its head version.",
          params: s.RepoParams,
        },
      },
      info,
    );

    app.get(
      '/api/datasets/:namespace/:name/revision/:rev',
      {
        schema: {
          ...infoSchema,
          summary: 'Dataset repository info at a revision',
          operationId: 'hfDatasetInfoAtRevision',
          description: '`main` (or `HEAD`) is the head version; a version tag or a version commit id names that version.',
          params: s.RevisionParams,
        },
      },
      info,
    );

    app.get(
      '/api/datasets/:namespace/:name/refs',
      {
        schema: {
          tags,
          summary: 'Branches and tags',
          operationId: 'hfListRefs',
          description: 'The one branch, `main` (the head version), and the version tags, each with its commit id.',
          params: s.RepoParams,
          response: { 200: s.Refs, ...errors(404) },
        },
      },
      async (request) => refsOut(await hub.refs(request.caller, request.params.namespace, request.params.name)),
    );

    const tree = async (
      request: FastifyRequest<{ Params: { namespace: string; name: string; rev: string; '*'?: string }; Querystring: s.TreeQuery }>,
      reply: FastifyReply,
    ) => {
      const { namespace, name, rev } = request.params;
      const folder = (request.params['*'] ?? '').replace(/\/+$/, '');
      const at = await hub.revision(request.caller, namespace, name, rev);
      const files = await hub.files(at);
      if (!isFolder(files, folder)) throw entryNotFound();
      const { cursor, limit = s.TREE_PAGE_MAX } = request.query;
      const after = cursor === undefined ? '' : Buffer.from(cursor, 'base64url').toString();
      const entries = treeEntries(files, at, folder, truthy(request.query.recursive), truthy(request.query.expand)).filter(
        (e) => e.path > after,
      );
      const page = entries.slice(0, limit);
      if (entries.length > limit) {
        reply.header('link', `<${withCursor(request, Buffer.from(page[page.length - 1].path).toString('base64url'))}>; rel="next"`);
      }
      return page;
    };
    const treeSchema = {
      tags,
      querystring: s.TreeQuery,
      response: { 200: s.TreeEntries, ...errors(404) },
      description:
        'Files and folders at a revision, in path order; `recursive=true` for every depth. Pages of up to `limit` (1000) entries; a `Link` header with `rel="next"` names the next page.',
    };

    app.get(
      '/api/datasets/:namespace/:name/tree/:rev',
      { schema: { ...treeSchema, summary: 'List the files at a revision', operationId: 'hfListTree', params: s.RevisionParams } },
      tree,
    );

    app.get(
      '/api/datasets/:namespace/:name/tree/:rev/*',
      {
        schema: { ...treeSchema, summary: 'List the files of a folder at a revision', operationId: 'hfListTreePath', params: s.PathParams },
      },
      tree,
    );

    app.post(
      '/api/datasets/:namespace/:name/paths-info/:rev',
      {
        config: { access: 'read' },
        schema: {
          tags,
          summary: 'Information on some paths at a revision',
          operationId: 'hfPathsInfo',
          description: 'The files and folders among `paths` that exist at the revision; the others are left out.',
          params: s.RevisionParams,
          body: s.PathsInfoBody,
          response: { 200: s.TreeEntries, ...errors(404) },
        },
      },
      async (request) => {
        const { namespace, name, rev } = request.params;
        const at = await hub.revision(request.caller, namespace, name, rev);
        const paths = [request.body.paths].flat().map((p) => p.replace(/\/+$/, ''));
        return pathInfos(await hub.files(at), at, paths, truthy(request.body.expand));
      },
    );
  };

/** This request's URL with the next page's cursor in it, absolute, as clients follow `Link`. */
function withCursor(request: FastifyRequest, cursor: string): string {
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  url.searchParams.set('cursor', cursor);
  return url.href;
}
