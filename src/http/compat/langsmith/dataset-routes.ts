import { Readable } from 'node:stream';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { projectOf } from '../../../domain/caller.js';
import { badRequest } from '../../../domain/errors.js';
import type { Services } from '../../../domain/services.js';
import { exportStream } from '../../../formats/export.js';
import { LIMITS } from '../../../model/limits.js';
import { uuidOrNotFound } from '../path-ids.js';
import { partsOf, type Part } from './multipart.js';
import * as s from './schemas.js';
import { datasetIn, datasetOut, metadataFilters, objectParam, schemasIn } from './wire.js';

const tags = ['compat: langsmith'];
const datasetId = (id: string) => uuidOrNotFound(id, 'dataset');

type Needs = Pick<Services, 'datasets' | 'datasetSchemas' | 'imports' | 'datapoints' | 'shares'>;

/** LangSmith's datasets: create, list, read, change, delete, upload a CSV, export for fine-tuning, share. */
export const datasetRoutes =
  ({ datasets, datasetSchemas, imports, datapoints, shares }: Needs): FastifyPluginAsyncTypebox =>
  async (app) => {
    /** Sets the schemas a body names, if it names any, and returns the dataset as it then is. */
    const withSchemas = async (caller: Parameters<typeof datasets.get>[0], id: string, body: Parameters<typeof schemasIn>[1]) => {
      const current = await datasets.get(caller, id);
      const schemas = schemasIn(current.item_schemas, body);
      return schemas === undefined ? current : (await datasetSchemas.set(caller, id, { schemas })).dataset;
    };

    app.post(
      '/datasets',
      {
        schema: {
          tags,
          summary: 'Create a dataset',
          operationId: 'langsmithCreateDataset',
          description:
            'A new dataset; `data_type` llm and chat become its type, the schema definitions its item schemas. 409 when the name is taken.',
          body: s.DatasetCreate,
          response: { 200: s.Dataset, 409: s.Detail },
        },
      },
      async (request) => {
        const made = await datasets.create(request.caller, datasetIn(request.body));
        return datasetOut(await withSchemas(request.caller, made.id, request.body), projectOf(request.caller));
      },
    );

    app.get(
      '/datasets',
      {
        schema: {
          tags,
          summary: 'List datasets',
          operationId: 'langsmithListDatasets',
          description:
            'Newest first, by offset and limit, as a bare array; `metadata` (a JSON object) keeps datasets whose metadata holds each key and value.',
          querystring: s.DatasetQuery,
          response: { 200: Type.Array(s.Dataset) },
        },
      },
      async (request) => {
        const { id: ids, name, name_contains, metadata, offset, limit } = request.query;
        const filters = metadataFilters(objectParam(metadata, 'metadata'));
        const page = await datasets.offsetPage(request.caller, { offset, limit, order: 'newest', name, name_contains, ids, filters });
        return page.items.map((d) => datasetOut(d, projectOf(request.caller)));
      },
    );

    app.get(
      '/datasets/:dataset_id',
      {
        schema: {
          tags,
          summary: 'Get a dataset',
          operationId: 'langsmithGetDataset',
          description: 'One dataset of the project, or one shared with it.',
          params: s.DatasetParams,
          querystring: s.DatasetGetQuery,
          response: { 200: s.Dataset },
        },
      },
      async (request) =>
        datasetOut(await datasets.readable(request.caller, datasetId(request.params.dataset_id)), projectOf(request.caller)),
    );

    app.patch(
      '/datasets/:dataset_id',
      {
        schema: {
          tags,
          summary: 'Change a dataset',
          operationId: 'langsmithUpdateDataset',
          description: 'Changes only the fields sent: name, description, metadata, the schema definitions (null removes one).',
          params: s.DatasetParams,
          body: s.DatasetUpdate,
          response: { 200: s.Dataset, 409: s.Detail },
        },
      },
      async (request) => {
        const id = datasetId(request.params.dataset_id);
        const { name, description, metadata } = request.body;
        const patch = {
          ...(name !== undefined && { name }),
          ...(description !== undefined && { description }),
          ...(metadata && { metadata }),
        };
        if (Object.keys(patch).length) await datasets.update(request.caller, id, patch);
        return datasetOut(await withSchemas(request.caller, id, request.body), projectOf(request.caller));
      },
    );

    app.delete(
      '/datasets/:dataset_id',
      {
        schema: {
          tags,
          summary: 'Delete a dataset',
          operationId: 'langsmithDeleteDataset',
          description: 'Gone from every read; it can be brought back within the retention window (POST /v1/datasets/{id}/undelete).',
          params: s.DatasetParams,
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await datasets.remove(request.caller, datasetId(request.params.dataset_id));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/datasets/upload',
      {
        schema: {
          tags,
          summary: 'Create a dataset from a CSV file',
          operationId: 'langsmithUploadCsv',
          description:
            'A multipart form: `file` (CSV with a header), `input_keys` and `output_keys` (repeated: the columns gathered into inputs and outputs), ' +
            'and optionally `name` (default: the file name), `description`, `data_type`. Other columns are dropped. The dataset and its first version are made together, or neither is.',
          body: { content: { 'multipart/form-data': { schema: s.Multipart } } } as never,
          response: { 200: s.Dataset, 409: s.Detail },
        },
      },
      async (request) => {
        const form = formOf(partsOf(request.body));
        const file = form.file;
        const name = form.text('name') ?? file.filename;
        if (!name) throw badRequest('name the dataset: send a name field, or a file with a file name');
        const columns = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, k]));
        const mapping = {
          fields: { input: columns(form.all('input_keys')), expected_output: columns(form.all('output_keys')) },
          rest: 'drop' as const,
        };
        const dataType = form.text('data_type');
        if (dataType !== undefined && !(s.DATA_TYPES as readonly string[]).includes(dataType))
          throw badRequest('data_type must be kv, llm or chat');
        const imported = await imports.importNew(
          request.caller,
          datasetIn({ name, description: form.text('description'), data_type: dataType as (typeof s.DATA_TYPES)[number] | undefined }),
          Readable.from([file.data]),
          { format: 'csv', mode: 'add', mapping },
        );
        return datasetOut(await datasets.get(request.caller, imported.dataset_id), projectOf(request.caller));
      },
    );

    app.get(
      '/datasets/:dataset_id/openai_ft',
      {
        schema: {
          tags,
          summary: 'Export the head as OpenAI fine-tuning examples',
          operationId: 'langsmithOpenaiFinetuning',
          description: 'One `{"messages": [...]}` line per example with an expected output, streamed.',
          params: s.DatasetParams,
          response: { 200: { content: { 'application/x-ndjson': { schema: Type.String() } } } as never },
        },
      },
      async (request, reply) => {
        const { datapoints: rows } = await datapoints.export(request.caller, datasetId(request.params.dataset_id), {});
        return reply.type('application/x-ndjson; charset=utf-8').send(exportStream(rows, 'openai'));
      },
    );

    app.put(
      '/datasets/:dataset_id/share',
      {
        schema: {
          tags,
          summary: 'Share a dataset publicly',
          operationId: 'langsmithShareDataset',
          description:
            "Shares the dataset with everyone (read-only); the share token is the share's id. Sharing again returns the same token.",
          params: s.DatasetParams,
          response: { 200: s.Share },
        },
      },
      async (request) => {
        const id = datasetId(request.params.dataset_id);
        const existing = (await shares.list(request.caller, id)).find((share) => share.public);
        const share = existing ?? (await shares.create(request.caller, id, { public: true }));
        return { dataset_id: id, share_token: share.id };
      },
    );

    app.get(
      '/datasets/:dataset_id/share',
      {
        schema: {
          tags,
          summary: "A dataset's public share",
          operationId: 'langsmithReadDatasetShare',
          description: 'The public share, or null when the dataset is not shared publicly.',
          params: s.DatasetParams,
          response: { 200: Type.Union([s.Share, Type.Null()]) },
        },
      },
      async (request) => {
        const id = datasetId(request.params.dataset_id);
        const share = (await shares.list(request.caller, id)).find((x) => x.public);
        return share ? { dataset_id: id, share_token: share.id } : null;
      },
    );

    app.delete(
      '/datasets/:dataset_id/share',
      {
        schema: {
          tags,
          summary: 'Stop sharing a dataset publicly',
          operationId: 'langsmithUnshareDataset',
          description: "Removes the dataset's public share; its other shares stay.",
          params: s.DatasetParams,
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        const id = datasetId(request.params.dataset_id);
        for (const share of (await shares.list(request.caller, id)).filter((x) => x.public))
          await shares.remove(request.caller, id, share.id);
        return reply.code(204).send(null);
      },
    );
  };

/** A multipart form's fields by name: the file, text fields (the last of a name), repeated fields (all). */
function formOf(parts: Part[]) {
  const named = (name: string) => parts.filter((p) => p.name === name);
  const text = (p: Part) => {
    const value = p.data.toString('utf8');
    if (value.length > LIMITS.descriptionLength) throw badRequest(`form field ${p.name} is too long`);
    return value;
  };
  const file = named('file').at(-1);
  if (!file) throw badRequest('send the CSV file as the form field `file`');
  return {
    file,
    text: (name: string) => {
      const last = named(name).at(-1);
      return last && text(last);
    },
    all: (name: string) => named(name).map(text),
  };
}
