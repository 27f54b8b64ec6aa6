import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../domain/services.js';
import { DomainError } from '../../domain/errors.js';
import { Attachment, AttachmentParams, AttachmentUploadQuery, LinkQuery, PartParams, ReceivedPart } from '../../model/attachments.js';
import { problems } from './schemas.js';
import { attachmentHeaders } from '../attachment-headers.js';
import { registerRawBodies } from '../body.js';
import { rangeOf } from '../byte-range.js';

const tags = ['attachments'];

/** Bytes on the wire, never serialised from a value. */
const Bytes = (description: string) => ({
  description,
  content: { '*/*': { schema: Type.Unsafe<unknown>({ type: 'string', format: 'binary' }) } },
});

/** What serving an attachment answers, whichever way it was reached. */
const SERVED = {
  200: Bytes('the whole file'),
  206: Bytes('the range asked for'),
  304: Type.Null({ description: 'If-None-Match named the ETag: the copy the client holds is current' }),
  416: Type.Null({ description: 'the range starts past the end of the file (Content-Range: bytes */size)' }),
};

const declaredLength = (header: string | undefined) => (header === undefined || header === '' ? undefined : Number(header));

/** Files uploaded as raw bodies, and served back with Range, under the safety headers of attachment-headers.ts. */
export const attachmentRoutes =
  ({
    attachments,
    attachmentLinks,
    attachmentUploads: uploads,
  }: Pick<Services, 'attachments' | 'attachmentLinks' | 'attachmentUploads'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    registerRawBodies(app);
    // A compressed body would be bounded by what JSON may become; a file is sent as its own bytes.
    app.addHook('onRequest', async (request) => {
      const encoding = request.headers['content-encoding']?.trim().toLowerCase();
      if (encoding && encoding !== 'identity')
        throw new DomainError(
          'unsupported_media_type',
          'send an attachment uncompressed (no Content-Encoding): its bytes are stored as sent',
        );
    });

    app.post(
      '/attachments',
      {
        schema: {
          tags,
          summary: 'Upload an attachment',
          operationId: 'uploadAttachment',
          description:
            'Stores the raw body as a file, its media type the `Content-Type` sent. The id is `sha256:` and the SHA-256 of the bytes. ' +
            '201 when the project stores these bytes for the first time; 200 with the record it already had when it uploaded the same ' +
            'bytes before (nothing is stored twice). Over the size limit (DATASHELF_ATTACHMENT_MAX_BYTES, 5 GiB by default) 413, ' +
            'a missing or malformed Content-Type 415; either way nothing is stored.',
          querystring: AttachmentUploadQuery,
          body: { content: Bytes('the file').content } as never,
          response: { 200: Attachment, 201: Attachment },
        },
      },
      async (request, reply) => {
        const query = request.query;
        const { attachment, created } = await attachments.upload(request.caller, request.body as AsyncIterable<Buffer>, {
          contentType: request.headers['content-type'],
          filename: query.filename,
          declaredLength: declaredLength(request.headers['content-length']),
        });
        return reply.code(created ? 201 : 200).send(attachment);
      },
    );

    app.put(
      '/attachments/uploads/:id/parts/:part',
      {
        schema: {
          tags,
          summary: 'Send one part of a multipart upload',
          operationId: 'putUploadPart',
          description:
            'The raw body is part `part` (1 to 10,000) of the upload. A part sent again replaces the first, so a part that failed ' +
            'on the way is simply sent again. Each part may be up to the attachment size limit. 200 with its size and SHA-256.',
          params: PartParams,
          body: { content: Bytes('the part').content } as never,
          response: { 200: ReceivedPart },
        },
      },
      async (request) =>
        uploads.putPart(
          request.caller,
          request.params.id,
          request.params.part,
          request.body as AsyncIterable<Buffer>,
          declaredLength(request.headers['content-length']),
        ),
    );

    /** The bytes (or the range asked for) with the safety headers; HEAD gets the headers alone. */
    const serve = async (request: FastifyRequest, reply: FastifyReply, attachment: Attachment) => {
      attachmentHeaders(reply, attachment);
      if (request.headers['if-none-match'] === `"${attachment.sha256}"`) return reply.code(304).send(null);
      const ifRange = request.headers['if-range'];
      const asked = ifRange === undefined || ifRange === `"${attachment.sha256}"` ? request.headers.range : undefined;
      const answer = rangeOf(asked, attachment.size);
      if (answer.kind === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${attachment.size}`).send(null);
      const range = answer.kind === 'part' ? answer.range : undefined;
      const length = range ? range.end - range.start + 1 : attachment.size;
      reply.code(range ? 206 : 200).header('content-length', length);
      if (range) reply.header('content-range', `bytes ${range.start}-${range.end}/${attachment.size}`);
      // Fastify keeps the Content-Length set here only when a HEAD answer is a stream.
      if (request.method === 'HEAD') return reply.send(Readable.from([]));
      return reply.send(await attachments.read(attachment, range));
    };

    app.get(
      '/attachments/:id',
      {
        schema: {
          tags,
          summary: "Download an attachment's bytes",
          operationId: 'getAttachment',
          description:
            'The bytes, as their media type, with `ETag` (the SHA-256), `Content-Length` and `Accept-Ranges`. One `Range: bytes=…` ' +
            'is answered 206 with that part; a range past the end 416. Served with `X-Content-Type-Options: nosniff`, a sandboxing ' +
            'CSP, and `Content-Disposition: attachment` unless the type is safe to show in place (raster images, audio, video, PDF). ' +
            "HEAD answers the headers alone. Another project's attachment is 404, whatever bytes it holds.",
          params: AttachmentParams,
          response: SERVED,
        },
      },
      async (request, reply) => serve(request, reply, await attachments.get(request.caller, request.params.id)),
    );

    app.get(
      '/attachments/:id/content',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Download an attachment through a signed link',
          operationId: 'getAttachmentByLink',
          description:
            'What `GET /v1/attachments/{id}` serves, without a key: the `url` a datapoint read gives for each of its attachments ' +
            '(signed for its project, valid for about an hour). An altered or expired link is 403; read the datapoint again for a ' +
            'fresh one.',
          security: [],
          params: AttachmentParams,
          querystring: LinkQuery,
          response: { ...SERVED, ...problems(403) },
        },
      },
      async (request, reply) => serve(request, reply, await attachmentLinks.open(request.params.id, request.query)),
    );
  };
