import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../domain/services.js';
import { Author, DeletedDataset } from '../../model/dataset-extras.js';
import { LIMITS } from '../../model/limits.js';
import { IdParams, Page, PageQuery } from './schemas.js';

/** Who wrote a dataset's versions, by name; and the project's deleted datasets still to be restored. */
export const datasetExtraRoutes =
  ({ datasetExtras }: Pick<Services, 'datasetExtras'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/datasets/deleted',
      {
        schema: {
          tags: ['datasets'],
          summary: 'List deleted datasets',
          operationId: 'listDeletedDatasets',
          description: `The project's datasets deleted in the last ${LIMITS.deletedKeptDays} days, most recently deleted first, each with the time it can be restored until (POST /v1/datasets/{id}/undelete).`,
          querystring: PageQuery,
          response: { 200: Page(DeletedDataset) },
        },
      },
      async (request) => datasetExtras.deleted(request.caller, request.query),
    );

    app.get(
      '/datasets/:id/authors',
      {
        schema: {
          tags: ['versions'],
          summary: "Who committed a dataset's versions",
          operationId: 'listVersionAuthors',
          description:
            "Every API key that committed a version of the dataset, by name, with the user it acted as: what a version's `key_id` and `user_id` stand for.",
          params: IdParams,
          response: { 200: Type.Object({ data: Type.Array(Author) }, { title: 'Authors' }) },
        },
      },
      async (request) => datasetExtras.authors(request.caller, request.params.id),
    );
  };
