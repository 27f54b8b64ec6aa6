import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../domain/services.js';
import { RunItemComparison, RunItemsQuery } from '../../model/run-compare.js';
import { datapointJson } from '../../formats/datapoint-json.js';
import type { Datapoint } from '../../model/datapoints.js';
import { problems } from './schemas.js';

/** Runs read item by item, every run's output beside the datapoint's content, in one request per page. */
export const runSideBySideRoutes =
  ({ sideBySide }: Pick<Services, 'sideBySide'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/runs/compare/items',
      {
        schema: {
          tags: ['evaluations'],
          summary: 'Read runs item by item, side by side',
          operationId: 'compareRunItems',
          description:
            'One or more runs pinned to the same dataset version (`run`, repeated; the first is the base), in cursor pages of items: ' +
            "each datapoint's content as it is in that version, and per run its output, latency, error and latest scores with their explanations " +
            '(null where a run has no item), with the largest drop and gain of a later run against the first. Regressions first by default; ' +
            "sorted by the first run's score, or in datapoint order, on request. With the page, per metric: every run's aggregates, their change " +
            "against the first, and the score distributions. With one run, it is that run's items with their content.",
          querystring: RunItemsQuery,
          response: { 200: RunItemComparison, ...problems(404) },
        },
      },
      async (request) => {
        const page = await sideBySide.page(request.caller, request.query);
        const data = page.data.map((d) => ({ ...d, datapoint: JSON.parse(datapointJson(d.datapoint)) as Datapoint }));
        return { ...page, data };
      },
    );
  };
