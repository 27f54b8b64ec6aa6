import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../domain/services.js';
import { Attachment, Upload, UploadComplete, UploadCreate, UploadParams } from '../../model/attachments.js';
import { NoContent } from './schemas.js';

const tags = ['attachments'];

/** Multipart uploads: made, looked at, completed or given up here; their parts go through attachments.ts (raw bodies). */
export const attachmentUploadRoutes =
  ({ attachmentUploads: uploads }: Pick<Services, 'attachmentUploads'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/attachments/uploads',
      {
        schema: {
          tags,
          summary: 'Start a multipart upload',
          operationId: 'createUpload',
          description:
            'For large files and unreliable links: start an upload, send its parts with `PUT /v1/attachments/uploads/{id}/parts/{n}` ' +
            '(retrying any that fail), then complete it with the SHA-256 of the whole file. A bad media type is 415.',
          body: UploadCreate,
          response: { 201: Upload },
        },
      },
      async (request, reply) => reply.code(201).send(await uploads.create(request.caller, request.body)),
    );

    app.get(
      '/attachments/uploads/:id',
      {
        schema: {
          tags,
          summary: 'A multipart upload and its parts',
          operationId: 'getUpload',
          description: 'The parts received so far, by number and size: what a client resuming an upload still has to send.',
          params: UploadParams,
          response: { 200: Upload },
        },
      },
      async (request) => uploads.get(request.caller, request.params.id),
    );

    app.post(
      '/attachments/uploads/:id/complete',
      {
        schema: {
          tags,
          summary: 'Complete a multipart upload',
          operationId: 'completeUpload',
          description:
            'Joins parts 1..n into one attachment, checked against `sha256`: 201 (200 when the project already held those bytes) ' +
            'with the attachment, and the upload is gone. A missing part, or parts that make another SHA-256, is 422 and the ' +
            'parts stay, so the wrong ones can be sent again. Past the size limit, 413.',
          params: UploadParams,
          body: UploadComplete,
          response: { 200: Attachment, 201: Attachment },
        },
      },
      async (request, reply) => {
        const { attachment, created } = await uploads.complete(request.caller, request.params.id, request.body.sha256);
        return reply.code(created ? 201 : 200).send(attachment);
      },
    );

    app.delete(
      '/attachments/uploads/:id',
      {
        schema: {
          tags,
          summary: 'Give up a multipart upload',
          operationId: 'abortUpload',
          description: 'Forgets the upload and the parts received. 204.',
          params: UploadParams,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await uploads.abort(request.caller, request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
