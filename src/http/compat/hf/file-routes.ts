import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../domain/services.js';
import type { HubFile } from '../../../domain/hub/service.js';
import { HubError } from './errors.js';
import { rangeOf } from '../../byte-range.js';
import * as s from './schemas.js';

const tags = ['compat: hf'];

const CONTENT_TYPES: Record<string, string> = { md: 'text/markdown; charset=utf-8', parquet: 'application/vnd.apache.parquet' };

type FileRequest = FastifyRequest<{ Params: { namespace: string; name: string; rev: string; '*': string } }>;

/**
 * A file at a revision, as `resolve` (and `raw`) serve it: whole, or one byte range
 * (206). The headers are what `huggingface_hub` reads from its HEAD: `X-Repo-Commit`,
 * the ETag (the file's SHA-256) and size, also as `X-Linked-Etag` / `X-Linked-Size`
 * for data files, which are LFS files on the Hub.
 */
export const hubFileRoutes =
  ({ hub }: Pick<Services, 'hub'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    const serve = async (request: FileRequest, reply: FastifyReply) => {
      const { namespace, name, rev } = request.params;
      const at = await hub.revision(request.caller, namespace, name, rev);
      reply.header('x-repo-commit', at.commit);
      const { file, read } = await hub.file(at, request.params['*']);
      const etag = `"${file.sha256}"`;
      describe(reply, file, etag);
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      const asked = rangeOf(request.headers.range, file.size);
      if (asked.kind === 'unsatisfiable') {
        return reply
          .code(416)
          .header('content-range', `bytes */${file.size}`)
          .type('application/json')
          .send({ error: 'Requested Range Not Satisfiable' });
      }
      const range = asked.kind === 'part' ? asked.range : undefined;
      reply.code(range ? 206 : 200).header('content-length', range ? range.end - range.start + 1 : file.size);
      if (range) reply.header('content-range', `bytes ${range.start}-${range.end}/${file.size}`);
      // Fastify keeps the Content-Length set here only when a HEAD answer is a stream.
      if (request.method === 'HEAD') return reply.send(Readable.from([]));
      return reply.send(await read(range));
    };

    for (const kind of ['resolve', 'raw'] as const) {
      app.get(
        `/datasets/:namespace/:name/${kind}/:rev/*`,
        {
          schema: {
            tags,
            summary: kind === 'resolve' ? 'Download a file at a revision' : 'Download a file at a revision (raw)',
            operationId: kind === 'resolve' ? 'hfResolveFile' : 'hfRawFile',
            description:
              'The file at the revision, whole or one `Range` (206). ETag is its SHA-256, stable for the version; `X-Repo-Commit` is the commit it was read at. Missing paths are 404 with `X-Error-Code: EntryNotFound`. HEAD answers the same headers.',
            params: s.PathParams,
            querystring: s.ResolveQuery,
            response: {
              200: s.FileBody('the whole file'),
              206: s.FileBody('the range asked for, with Content-Range'),
              304: s.NoBody,
              404: HubError,
              416: HubError,
            },
          },
        },
        serve,
      );
    }
  };

function describe(reply: FastifyReply, file: HubFile, etag: string): void {
  reply
    .header('etag', etag)
    .header('accept-ranges', 'bytes')
    .header('cache-control', 'private, max-age=0, must-revalidate')
    .type(file.mime_type ?? CONTENT_TYPES[file.path.split('.').pop() ?? ''] ?? 'application/octet-stream');
  // A tree's files are whatever a project uploaded: a browser must neither guess another type nor run them.
  if (file.mime_type) reply.header('x-content-type-options', 'nosniff').header('content-security-policy', "default-src 'none'; sandbox");
  if (file.lfs) reply.header('x-linked-etag', etag).header('x-linked-size', file.size);
}
