import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../domain/services.js';
import { ChangeSet, Version } from '../../model/datapoints.js';
import { LIMITS } from '../../model/limits.js';
import { NDJSON_TYPES } from '../../formats/media-types.js';
import { isJsonBody, jsonOrNdjson, registerStreamedBodies } from '../body.js';
import { CommitQuery, FileBody, IdParams, Page, PageQuery, VersionParams, problems } from './schemas.js';

const tags = ['versions'];

export const versionRoutes =
  ({ versions, imports }: Pick<Services, 'versions' | 'imports'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    registerStreamedBodies(app, NDJSON_TYPES);

    app.post(
      '/datasets/:id/versions',
      {
        schema: {
          tags,
          summary: 'Commit a new version',
          operationId: 'commitVersion',
          description:
            `JSON: \`{message?, base_version?, add?, update?, delete?, files?}\` or \`{message?, base_version?, replace, files?}\`, at most ${LIMITS.batchMax.toLocaleString('en')} datapoints together. ` +
            `\`files: {put?: [{path, attachment_id}], delete?: [path]}\` changes the version's file tree in the same commit (at most ${LIMITS.fileChangesMax.toLocaleString('en')} changes; ` +
            `a version holds at most ${LIMITS.filesPerVersion.toLocaleString('en')} files): an attachment the project did not upload, or a deleted path that is not there, is 404. ` +
            'NDJSON (`application/x-ndjson`, `application/jsonl` or `application/json-lines`): one datapoint per line, streamed, added (or, with `mode=replace`, replacing the dataset); message and base_version in the query ' +
            '(`POST /datasets/{id}/imports` does the same for CSV and Parquet, with mappings and upserts). ' +
            'Atomic: on any error nothing is stored. A base_version other than the head answers 409.',
          params: IdParams,
          querystring: CommitQuery,
          body: jsonOrNdjson(ChangeSet, FileBody) as never,
          response: { 200: Version, 201: Version, ...problems(409) },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        if (!isJsonBody(request)) {
          const { mode = 'add', message, base_version } = request.query;
          // Lines here are datapoints as they are, any of whose fields may be absent: nothing to map.
          const mapping = { metadata_only: true };
          const body = request.body as AsyncIterable<Buffer>;
          const result = await imports.import(request.caller, id, body, { format: 'jsonl', mode, message, base_version, mapping });
          return reply.code(result.created ? 201 : 200).send(await versions.get(request.caller, id, result.version));
        }
        return reply.code(201).send(await versions.commit(request.caller, id, request.body as ChangeSet, LIMITS.batchMax));
      },
    );

    app.get(
      '/datasets/:id/versions',
      {
        schema: {
          tags,
          summary: 'List versions, newest first',
          operationId: 'listVersions',
          description: 'Every version of the dataset with what it changed (added, updated, deleted) and its datapoint count.',
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
        schema: {
          tags,
          summary: 'Get a version',
          operationId: 'getVersion',
          description: 'One version: its message, counts and time.',
          params: VersionParams,
          response: { 200: Version },
        },
      },
      async (request) => versions.get(request.caller, request.params.id, request.params.version),
    );
  };
