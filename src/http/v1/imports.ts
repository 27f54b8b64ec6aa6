import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../domain/services.js';
import { badRequest, DomainError } from '../../domain/errors.js';
import { ImportResult, Mapping, type ImportFormat } from '../../model/imports.js';
import { checker } from '../../model/validate.js';
import { parseJsonText } from '../../formats/json-input.js';
import { formatOf, MEDIA_TYPES } from '../../formats/media-types.js';
import { registerStreamedBodies } from '../body.js';
import { FileBody, IdParams, ImportQuery, NewDatasetImportQuery, problems } from './schemas.js';

const checkMapping = checker(Mapping);

/** The `mapping` query parameter: JSON text holding a Mapping. */
export function mappingParam(text: string | undefined): Mapping {
  if (text === undefined) return {};
  const value = parseJsonText(text, 'mapping');
  const issues = checkMapping(value);
  if (issues.length) {
    throw new DomainError(
      'validation_failed',
      `mapping: ${issues.map((i) => `${i.field || '(mapping)'} ${i.message}`).join('; ')}`,
      issues.map((i) => ({ field: `mapping${i.field ? '/' + i.field : ''}`, message: i.message })),
    );
  }
  return value as Mapping;
}

const ALL_TYPES = [...Object.values(MEDIA_TYPES).flat(), 'application/octet-stream'];
const FILE_BODY = { content: Object.fromEntries(ALL_TYPES.map((t) => [t, { schema: FileBody }])) } as never;

/** The file sent as the body, streamed; a request without one is refused before anything is made. */
function fileOf(body: unknown): AsyncIterable<Buffer> {
  if (body === undefined || body === null) throw badRequest('send the file as the request body');
  return body as AsyncIterable<Buffer>;
}

/** What an import reads the body as: the format named, else the one its Content-Type says, through the mapping. */
function readAs(
  query: { format?: ImportFormat; mapping?: string },
  contentType: string | undefined,
): { format: ImportFormat; mapping: Mapping } {
  const format = query.format ?? formatOf(contentType);
  if (!format) throw badRequest('say which format the body is in: send format=jsonl, csv or parquet, or a Content-Type naming it');
  return { format, mapping: mappingParam(query.mapping) };
}

export const importRoutes =
  ({ imports }: Pick<Services, 'imports'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    registerStreamedBodies(app, ALL_TYPES);

    app.post(
      '/datasets/:id/imports',
      {
        schema: {
          tags: ['versions'],
          summary: 'Import a file as a new version',
          operationId: 'importFile',
          description:
            'Streams a JSON-lines, CSV or Parquet file into the next version of the dataset, mapped to datapoint fields by `mapping` ' +
            '(see the README, "Importing files"). The whole file becomes one version, or nothing does: a bad row answers 4xx naming ' +
            'its line or row and column. 201 with what changed; 200 when an upsert or sync found nothing to change (no version is made).',
          params: IdParams,
          querystring: ImportQuery,
          body: FILE_BODY,
          response: { 200: ImportResult, 201: ImportResult, ...problems(409) },
        },
      },
      async (request, reply) => {
        const { mode, message, base_version, split } = request.query;
        const result = await imports.import(request.caller, request.params.id, fileOf(request.body), {
          ...readAs(request.query, request.headers['content-type']),
          mode,
          message,
          base_version,
          split,
        });
        return reply.code(result.created ? 201 : 200).send(result);
      },
    );

    app.post(
      '/datasets/imports',
      {
        schema: {
          tags: ['versions'],
          summary: 'Create a dataset from a file',
          operationId: 'importNewDataset',
          description:
            'Makes the dataset `name` (with `description`) holding the file as its version 1, read as `POST /v1/datasets/{id}/imports` ' +
            'reads it, in one transaction: a file the import refuses leaves no dataset behind (live or deleted), and the name free. ' +
            '409 when the project already has a live dataset of that name.',
          querystring: NewDatasetImportQuery,
          body: FILE_BODY,
          response: { 201: ImportResult, ...problems(409) },
        },
      },
      async (request, reply) => {
        const { name, description, message, split } = request.query;
        const result = await imports.importNew(request.caller, { name, description }, fileOf(request.body), {
          ...readAs(request.query, request.headers['content-type']),
          mode: 'add',
          message,
          split,
        });
        return reply.code(201).send(result);
      },
    );
  };
