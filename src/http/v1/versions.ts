import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
import { projectOf } from '../../domain/caller.js';
import type { Services } from '../../domain/services.js';
import type { ChangeSet } from '../../domain/versions.js';
import type { DatapointFields } from '../../domain/datapoint-model.js';
import { registerNdjsonParser } from '../body.js';
import { IdParams, Page, PageQuery, StringEnum, problems } from './schemas/common.js';
import * as s from './schemas/datapoints.js';

const tags = ['versions'];

const NdjsonBody = Type.Object({ items: Type.Array(Type.Unknown()) }, { description: 'one datapoint (DatapointFields) per line' });
const CommitQuery = Type.Object({
  ...s.NdjsonQuery.properties,
  mode: Type.Optional(StringEnum(['add', 'replace'], { description: 'NDJSON only: add the lines (default) or replace the dataset with them' })),
}, { additionalProperties: false });

export const versionRoutes = (services: Services): FastifyPluginAsyncTypebox => async (app) => {
  const { versions } = services;
  registerNdjsonParser(app, s.DatapointFields);

  app.post('/datasets/:id/versions', {
    schema: {
      tags,
      summary: 'Commit a new version',
      description:
        'JSON: `{message?, base_version?, add?, update?, delete?}` or `{message?, base_version?, replace}`, at most 10,000 datapoints. ' +
        'NDJSON (`application/x-ndjson`): one datapoint per line, added (or, with `mode=replace`, replacing the dataset); message and base_version in the query. ' +
        'Atomic: on any error nothing is stored. A base_version other than the head answers 409.',
      params: IdParams,
      querystring: CommitQuery,
      body: {
        content: {
          'application/json': { schema: s.ChangeSet },
          'application/x-ndjson': { schema: NdjsonBody },
        },
      } as never,
      response: { 201: s.Version, ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
    },
  }, async (request, reply) => {
    const body = request.body as Static<typeof s.ChangeSet> | { items: DatapointFields[] };
    const change: ChangeSet = 'items' in body ? fromNdjson(body.items, request.query) : (body as ChangeSet);
    const version = await versions.commit(projectOf(request.caller), request.params.id, change);
    return reply.code(201).send(version);
  });

  app.get('/datasets/:id/versions', {
    schema: { tags, summary: 'List versions, newest first', params: IdParams, querystring: PageQuery, response: { 200: Page(s.Version), ...problems(400, 401, 404) } },
  }, async (request) => versions.list(projectOf(request.caller), request.params.id, request.query));

  app.get('/datasets/:id/versions/:version', {
    schema: { tags, summary: 'Get a version', params: s.VersionParams, response: { 200: s.Version, ...problems(401, 404) } },
  }, async (request) => versions.get(projectOf(request.caller), request.params.id, request.params.version));
};

function fromNdjson(items: DatapointFields[], query: Static<typeof CommitQuery>): ChangeSet {
  const base = { message: query.message, base_version: query.base_version };
  return query.mode === 'replace' ? { ...base, replace: items } : { ...base, add: items };
}
