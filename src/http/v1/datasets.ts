import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { invalid } from '../../domain/errors.js';
import type { Services } from '../../domain/services.js';
import { LIMITS } from '../../model/limits.js';
import { Dataset, DatasetUpdate, SchemaChange } from '../../model/datasets.js';
import { Type } from '@sinclair/typebox';
import { DatasetCreateOrCut, DatasetListQuery, IdParams, NoContent, Page, problems } from './schemas.js';

const tags = ['datasets'];

export const datasetRoutes =
  ({ datasets, datasetSchemas, telemetry }: Pick<Services, 'datasets' | 'datasetSchemas' | 'telemetry'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/datasets',
      {
        schema: {
          tags,
          summary: 'Create a dataset, or cut one from telemetry',
          operationId: 'createDataset',
          description: 'With `container` and `size` (and optional `filters`), the newest matching events become version 1.',
          body: DatasetCreateOrCut,
          response: { 201: Dataset, ...problems(404, 409) },
        },
      },
      async (request, reply) => {
        const { container, size, filters, ...fields } = request.body;
        if (container === undefined) {
          if (size !== undefined || filters !== undefined)
            throw invalid('size and filters go with container', [{ field: 'body/container', message: 'is required with size or filters' }]);
          return reply.code(201).send(await datasets.create(request.caller, fields));
        }
        if (size === undefined) throw invalid('a cut needs a size', [{ field: 'body/size', message: 'is required with container' }]);
        return reply.code(201).send(await telemetry.cut(request.caller, { ...fields, container, size, filters }));
      },
    );

    app.get(
      '/datasets',
      {
        schema: {
          tags,
          summary: 'List datasets',
          operationId: 'listDatasets',
          description:
            "Cursor pages of the project's live datasets, filtered by type, tag or a name substring; with `scope`, also (or only) " +
            "the datasets shared with the caller's user, its namespace or everyone, which it may read but not change (their `project_id` is another project's).",
          querystring: DatasetListQuery,
          response: { 200: Page(Dataset) },
        },
      },
      async (request) => datasets.list(request.caller, request.query),
    );

    app.get(
      '/datasets/:id',
      {
        schema: {
          tags,
          summary: 'Get a dataset',
          operationId: 'getDataset',
          description: 'A dataset of this project (or shared with the caller), with its head version and datapoint count.',
          params: IdParams,
          response: { 200: Dataset },
        },
      },
      async (request) => datasets.readable(request.caller, request.params.id),
    );

    app.patch(
      '/datasets/:id',
      {
        schema: {
          tags,
          summary: 'Update a dataset (only the fields given)',
          operationId: 'updateDataset',
          description:
            'Changes the name, description, type or metadata; fields left out keep their values. Datapoints change only through versions.',
          params: IdParams,
          body: DatasetUpdate,
          response: { 200: Dataset, ...problems(409) },
        },
      },
      async (request) => datasets.update(request.caller, request.params.id, request.body),
    );

    app.delete(
      '/datasets/:id',
      {
        schema: {
          tags,
          summary: 'Delete a dataset (soft: its name is free again, its collections stay)',
          operationId: 'deleteDataset',
          description:
            'Hides the dataset and its versions from every listing and lookup. Its name can be used again at once; collections holding it keep their other members. ' +
            `It can be brought back for ${LIMITS.deletedKeptDays} days (POST /v1/datasets/{id}/undelete).`,
          params: IdParams,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await datasets.remove(request.caller, request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.put(
      '/datasets/:id/schemas',
      {
        schema: {
          tags,
          summary: "Set a dataset's item schemas",
          operationId: 'setItemSchemas',
          description:
            'JSON Schemas (Draft 2020-12) for datapoints\' `input`, `expected_output` and `metadata`; `{"schemas": null}` removes them. ' +
            'A schema that is not valid JSON Schema (or uses an unknown keyword) is 422. The head version is read against them first: ' +
            'datapoints that break them make a 422 listing the first ten, unless `mode` is `warn`, which applies them and lists those. ' +
            'From then on every commit and import is checked, and a datapoint that breaks a schema is refused with its row and the schema path.',
          params: IdParams,
          body: SchemaChange,
          response: {
            200: Type.Object(
              {
                dataset: Dataset,
                checked: Type.Integer({ description: 'datapoints of the head version read against the schemas' }),
                violations: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
              },
              { title: 'SchemaResult' },
            ),
          },
        },
      },
      async (request) => datasetSchemas.set(request.caller, request.params.id, request.body),
    );

    app.post(
      '/datasets/:id/undelete',
      {
        schema: {
          tags,
          summary: 'Bring back a deleted dataset',
          operationId: 'undeleteDataset',
          description:
            `Restores a dataset deleted in the last ${LIMITS.deletedKeptDays} days, with all its versions and tags. ` +
            'Its name must be free (409 when another live dataset took it: rename that one first). Collections detached at its deletion stay detached.',
          params: IdParams,
          response: { 200: Dataset, ...problems(409) },
        },
      },
      async (request) => datasets.undelete(request.caller, request.params.id),
    );
  };
