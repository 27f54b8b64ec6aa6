import type { FastifyPluginAsyncTypebox, Static } from '@fastify/type-provider-typebox';
import type { Services } from '../../domain/services.js';
import { ChangeSet, DatapointFields, Version } from '../../model/datapoints.js';
import { LIMITS } from '../../model/limits.js';
import { registerNdjsonParser } from '../body.js';
import { CommitQuery, IdParams, NdjsonBody, Page, PageQuery, VersionParams, problems } from './schemas.js';

const tags = ['versions'];

export const versionRoutes =
  ({ versions }: Pick<Services, 'versions'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    registerNdjsonParser(app, DatapointFields);

    app.post(
      '/datasets/:id/versions',
      {
        schema: {
          tags,
          summary: 'Commit a new version',
          description:
            `JSON: \`{message?, base_version?, add?, update?, delete?}\` or \`{message?, base_version?, replace}\`, at most ${LIMITS.batchMax.toLocaleString('en')} datapoints together. ` +
            'NDJSON (`application/x-ndjson`): one datapoint per line, added (or, with `mode=replace`, replacing the dataset); message and base_version in the query. ' +
            'Atomic: on any error nothing is stored. A base_version other than the head answers 409.',
          params: IdParams,
          querystring: CommitQuery,
          body: { content: { 'application/json': { schema: ChangeSet }, 'application/x-ndjson': { schema: NdjsonBody } } } as never,
          response: { 201: Version, ...problems(409) },
        },
      },
      async (request, reply) => {
        const body = request.body as ChangeSet | { items: DatapointFields[] };
        const version =
          'items' in body
            ? await versions.commit(request.caller, request.params.id, fromNdjson(body.items, request.query), LIMITS.ndjsonDatapointsMax)
            : await versions.commit(request.caller, request.params.id, body, LIMITS.batchMax);
        return reply.code(201).send(version);
      },
    );

    app.get(
      '/datasets/:id/versions',
      {
        schema: {
          tags,
          summary: 'List versions, newest first',
          params: IdParams,
          querystring: PageQuery,
          response: { 200: Page(Version) },
        },
      },
      async (request) => versions.list(request.caller, request.params.id, request.query),
    );

    app.get(
      '/datasets/:id/versions/:version',
      {
        schema: { tags, summary: 'Get a version', params: VersionParams, response: { 200: Version } },
      },
      async (request) => versions.get(request.caller, request.params.id, request.params.version),
    );
  };

function fromNdjson(items: DatapointFields[], query: Static<typeof CommitQuery>): ChangeSet {
  const base = { message: query.message, base_version: query.base_version };
  return query.mode === 'replace' ? { ...base, replace: items } : { ...base, add: items };
}
