import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../domain/services.js';
import { Author, DeletedDataset } from '../../model/dataset-extras.js';
import { LIMITS } from '../../model/limits.js';
import { IdParams, Page, PageQuery } from './schemas.js';
import { Datapoint } from '../../model/datapoints.js';
import { Nullable } from '../../model/kit.js';
import { VersionSelector } from '../../model/version-tags.js';
import { datapointJson } from '../../formats/datapoint-json.js';
import { ROW_PAGE } from '../../domain/row-pages.js';

/** Who wrote a dataset's versions, by name; and the project's deleted datasets still to be restored. */
const RowQuery = Type.Object(
  {
    row: Type.Integer({ minimum: 0, maximum: LIMITS.cutMax * 1000, description: 'a position in the version, from 0' }),
    version: Type.Optional(VersionSelector),
  },
  { additionalProperties: false },
);

export const datasetExtraRoutes =
  ({ datasetExtras, rowPages }: Pick<Services, 'datasetExtras' | 'rowPages'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/datasets/:id/rows',
      {
        schema: {
          tags: ['datapoints'],
          summary: 'A page of datapoints by position',
          operationId: 'datapointsAtRow',
          description:
            `The page of ${ROW_PAGE} datapoints (in datapoint order) holding position \`row\` of a version (default the head), with the version's total: ` +
            "what a scrollbar spanning a whole dataset jumps with. Read by keyset from page anchors found once per version, never by OFFSET; `next_cursor` continues the listing's cursor pages.",
          params: IdParams,
          querystring: RowQuery,
          response: {
            200: Type.Object(
              {
                version: Type.Integer(),
                total: Type.Integer(),
                start: Type.Integer(),
                data: Type.Array(Datapoint),
                next_cursor: Nullable(Type.String()),
              },
              { title: 'RowPage' },
            ),
          },
        },
      },
      async (request, reply) => {
        const { row, version } = request.query;
        const page = await rowPages.at(request.caller, request.params.id, row, { version });
        return (reply as FastifyReply)
          .type('application/json; charset=utf-8')
          .send(
            `{"version":${page.version},"total":${page.total},"start":${page.start},"data":[${page.data.map(datapointJson).join(',')}],"next_cursor":${JSON.stringify(page.next_cursor)}}`,
          );
      },
    );

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
