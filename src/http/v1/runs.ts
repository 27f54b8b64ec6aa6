import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../domain/services.js';
import { Evaluation, Run, RunUpdate } from '../../model/evals.js';
import { ItemDelta, MetricAggregate, MetricDelta, RunItem, RunItemBatch, RunItemWrite, RunItemsWritten } from '../../model/run-items.js';
import { LIMITS } from '../../model/limits.js';
import { checker } from '../../model/validate.js';
import { checkedNdjson } from '../../formats/ndjson.js';
import { NDJSON_TYPES } from '../../formats/media-types.js';
import { isJsonBody, jsonOrNdjson, registerStreamedBodies } from '../body.js';
import { CompareQuery, FileBody, IdParams, Page, RunResultQuery, problems } from './schemas.js';

const tags = ['evaluations'];
const checkItem = checker(RunItemWrite);
const lineLimits = { maxBytes: LIMITS.importBodyBytes, maxLineBytes: LIMITS.importLineBytes, maxItems: LIMITS.importRowsMax };

/** Runs as experiments: pinned to a version, with items per datapoint, aggregates and comparisons. */
export const runRoutes =
  ({ runs, runResults }: Pick<Services, 'runs' | 'runResults'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    registerStreamedBodies(app, NDJSON_TYPES);

    app.get(
      '/runs/compare',
      {
        schema: {
          tags,
          summary: 'Compare two runs',
          operationId: 'compareRuns',
          description:
            "Per metric, both runs' aggregates and their change; then, in cursor pages, each datapoint and metric scored in both runs " +
            '(the datapoints they share, whatever versions they ran on) with `delta` = head − base, most negative first (`sort=-delta`: most positive first). ' +
            '`change` keeps only regressions, improvements or changes.',
          querystring: CompareQuery,
          response: {
            200: Type.Object(
              {
                base: Run,
                head: Run,
                metrics: Type.Array(MetricDelta),
                data: Type.Array(ItemDelta),
                next_cursor: Type.Union([Type.String(), Type.Null()]),
              },
              { title: 'RunComparison' },
            ),
            ...problems(404),
          },
        },
      },
      async (request) => runResults.compare(request.caller, request.query),
    );

    app.get(
      '/runs/:id',
      {
        schema: {
          tags,
          summary: 'Get a run with its aggregates',
          operationId: 'getRun',
          description:
            "The run, the dataset version it is pinned to, and per metric over each datapoint's latest evaluation: count, mean, p50, p90 (nearest rank) and the pass rate against each evaluation's threshold, computed in SQL.",
          params: IdParams,
          response: {
            200: Type.Object({ ...Run.properties, aggregates: Type.Array(MetricAggregate) }, { title: 'RunDetail' }),
            ...problems(404),
          },
        },
      },
      async (request) => runResults.get(request.caller, request.params.id),
    );

    app.patch(
      '/runs/:id',
      {
        schema: {
          tags,
          summary: 'Update or complete a run',
          operationId: 'updateRun',
          description: 'Sets the fields given; `finished_at` completes the run.',
          params: IdParams,
          body: RunUpdate,
          response: { 200: Run, ...problems(404) },
        },
      },
      async (request) => runs.update(request.caller, request.params.id, request.body),
    );

    app.post(
      '/runs/:id/items',
      {
        schema: {
          tags,
          summary: "Write a run's items",
          operationId: 'writeRunItems',
          description:
            `What the model produced per datapoint of the run's pinned version: output, latency, tokens, cost, error, trace id. JSON \`{items}\` (at most ${LIMITS.batchMax.toLocaleString('en')}) ` +
            `or NDJSON, one item per line, streamed (at most ${LIMITS.importRowsMax.toLocaleString('en')}). Idempotent by (run, datapoint): an item sent again replaces the one before. ` +
            'Atomic: a datapoint not in the pinned version is a 422 naming the item, and nothing is stored.',
          params: IdParams,
          body: jsonOrNdjson(RunItemBatch, FileBody) as never,
          response: { 200: RunItemsWritten, ...problems(404) },
        },
      },
      async (request) => {
        const body = isJsonBody(request)
          ? (request.body as { items: unknown[] }).items
          : checkedNdjson(request.body as AsyncIterable<Buffer>, lineLimits, checkItem);
        return runResults.writeItems(request.caller, request.params.id, body);
      },
    );

    app.get(
      '/runs/:id/items',
      {
        schema: {
          tags,
          summary: "List a run's items with their scores",
          operationId: 'listRunItems',
          description:
            "Cursor pages in datapoint order, each with the latest score of every metric. Filters: `split` (at the run's version), `metric_id`, and with it `pass` (passed or failed).",
          params: IdParams,
          querystring: RunResultQuery,
          response: { 200: Page(RunItem), ...problems(404) },
        },
      },
      async (request) => runResults.items(request.caller, request.params.id, request.query),
    );

    app.get(
      '/runs/:id/evaluations',
      {
        schema: {
          tags,
          summary: "List a run's evaluations",
          operationId: 'listRunEvaluations',
          description: 'Cursor pages in the order they were written. Filters: `metric_id`, `pass` (passed or failed), `split`.',
          params: IdParams,
          querystring: RunResultQuery,
          response: { 200: Page(Evaluation), ...problems(404) },
        },
      },
      async (request) => runResults.evaluations(request.caller, request.params.id, request.query),
    );
  };
