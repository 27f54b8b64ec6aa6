import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../domain/services.js';
import { FileEntry, FilePath } from '../../model/files.js';
import { LIMITS } from '../../model/limits.js';
import { VersionSelector } from '../../model/version-tags.js';
import { IdParams, Page, PageQueryWith } from './schemas.js';

const tags = ['files'];

const version = Type.Optional(VersionSelector);

const FileListQuery = PageQueryWith({
  version,
  prefix: Type.Optional(Type.String({ maxLength: LIMITS.filePathLength, description: 'only paths that start with this (`videos/`)' })),
});
const FileQuery = Type.Object({ path: FilePath, version }, { additionalProperties: false });
const FilePage = Type.Object(
  { ...Page(FileEntry).properties, version: Type.Integer({ description: 'the version this page reads' }) },
  { title: 'FileEntryPage' },
);

/** A version's file tree, read; it is changed by a commit (`files` in POST /datasets/{id}/versions). */
export const fileRoutes =
  ({ fileTrees }: Pick<Services, 'fileTrees'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/datasets/:id/files',
      {
        schema: {
          tags,
          summary: "List a version's files",
          operationId: 'listFiles',
          description:
            'The files of a version (a number or a tag; default the head), in path order (bytewise), each with its attachment, size, ' +
            'media type and a signed `url` to its bytes. `prefix` keeps the paths that start with it (`videos/`). Cursor pages.',
          params: IdParams,
          querystring: FileListQuery,
          response: { 200: FilePage },
        },
      },
      async (request) => fileTrees.list(request.caller, request.params.id, request.query),
    );

    app.get(
      '/datasets/:id/files/entry',
      {
        schema: {
          tags,
          summary: 'Get one file of a version',
          operationId: 'getFile',
          description: 'The file at `path` in the version (default the head): its attachment, size, media type and a signed `url`.',
          params: IdParams,
          querystring: FileQuery,
          response: { 200: FileEntry },
        },
      },
      async (request) => fileTrees.get(request.caller, request.params.id, request.query.path, request.query.version),
    );

    app.get(
      '/datasets/:id/files/content',
      {
        schema: {
          tags,
          summary: 'Download one file of a version',
          operationId: 'downloadFile',
          description:
            "A redirect (302) to the file's signed attachment link, which serves the bytes with `Range`, `ETag` (the SHA-256) and " +
            'the safety headers of `GET /v1/attachments/{id}`.',
          params: IdParams,
          querystring: FileQuery,
          response: { 302: Type.Null({ description: 'Location: the signed link to the bytes' }) },
        },
      },
      async (request, reply) => {
        const file = await fileTrees.get(request.caller, request.params.id, request.query.path, request.query.version);
        return reply.code(302).header('location', file.url).send(null);
      },
    );
  };
