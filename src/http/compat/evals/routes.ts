import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RUN_SOURCES, RUN_TYPES } from '../../../domain/evals/catalog.js';
import type { Services } from '../../../domain/services.js';
import { LIMITS } from '../../../model/limits.js';
import { FastapiError as Detail } from '../fastapi.js';
import * as s from './schemas.js';
import { datasetOut, detailOut, meta } from './wire.js';

const tags = ['compat: evals'];
const Shared = Type.Optional(Type.Boolean({ description: "false: only yours; true: only others' you can see; omitted: all" }));

/** The LLM evaluation platform's dataset reads at /compat/evals/api/v1. */
export const evalsSurface =
  ({ evals, catalog }: Pick<Services, 'evals' | 'catalog'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/datasets/all-partial',
      {
        schema: {
          tags,
          summary: 'Get datasets (partial)',
          operationId: 'evalsListDatasetsPartial',
          description:
            "Every dataset of the project in the evaluation surface's short form (id and name), unpaged, as the original sends it.",
          querystring: Type.Object({ shared: Shared }),
          response: { 200: s.Partial, 401: Detail, 422: Detail },
        },
      },
      async (request) => (await evals.partial(request.caller, request.query.shared)).map((d) => ({ id: d.seq, name: d.name })),
    );

    app.get(
      '/datasets',
      {
        schema: {
          tags,
          summary: 'Get all datasets (paginated)',
          operationId: 'evalsListDatasets',
          description: "A page of evaluation datasets, in the original's page envelope.",
          querystring: Type.Object({
            page: Type.Integer({ minimum: 1, maximum: 2 ** 31, default: 1 }),
            page_size: Type.Integer({ minimum: 1, maximum: LIMITS.surfaces.evalsPageMax, default: 10 }),
            dataset_type_id: Type.Optional(Type.Integer({ minimum: 0, maximum: LIMITS.integerMax })),
            shared: Shared,
          }),
          response: { 200: s.DatasetPage, 401: Detail, 404: Detail, 422: Detail },
        },
      },
      async (request) => {
        const { page, page_size: pageSize, dataset_type_id: typeId, shared } = request.query;
        const { total, items } = await evals.page(request.caller, { typeId, shared, page, pageSize });
        return { items: items.map(datasetOut), meta: meta(page, pageSize, total, items.length) };
      },
    );

    app.get(
      '/datasets/:dataset_id',
      {
        schema: {
          tags,
          summary: 'Get dataset by id',
          operationId: 'evalsGetDataset',
          description: "One evaluation dataset in the original's wire shape.",
          params: Type.Object({ dataset_id: Type.Integer({ minimum: 0, maximum: LIMITS.integerMax }) }),
          response: { 200: s.DatasetDetail, 401: Detail, 404: Detail, 422: Detail },
        },
      },
      async (request) => detailOut(await evals.detail(request.caller, request.params.dataset_id), RUN_TYPES, RUN_SOURCES),
    );

    app.get(
      '/dataset-types',
      {
        schema: {
          tags,
          summary: 'Dataset types',
          operationId: 'evalsListDatasetTypes',
          description: "The dataset types of the project, in the original's wire shape.",
          response: { 200: s.DatasetTypes, 401: Detail },
        },
      },
      async () => (await catalog.datasetTypes()).map(({ id, name, label, description }) => ({ id, name, label, description })),
    );
  };
