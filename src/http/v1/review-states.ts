import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Services } from '../../domain/services.js';
import { Review, ReviewCreate } from '../../model/review-states.js';
import { Uuid } from '../../model/kit.js';
import { LIMITS } from '../../model/limits.js';
import { AsOf, VersionSelector } from '../../model/version-tags.js';
import { DatapointParams, IdParams, Page, PageQuery } from './schemas.js';

const tags = ['reviews'];

const CurrentQuery = Type.Object(
  {
    datapoint_id: Type.Array(Uuid, {
      minItems: 1,
      maxItems: LIMITS.pageSizeMax,
      description: 'repeat for each datapoint (a page of a listing: its ids)',
    }),
    version: Type.Optional(VersionSelector),
    as_of: Type.Optional(AsOf),
  },
  { additionalProperties: false },
);

/** Review decisions on datapoints: made one at a time, read for a page of datapoints at once. */
export const reviewRoutes =
  ({ reviews }: Pick<Services, 'reviews'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/datasets/:id/datapoints/:datapoint_id/reviews',
      {
        schema: {
          tags,
          summary: 'Review a datapoint',
          operationId: 'reviewDatapoint',
          description:
            'Marks the datapoint as it is in `version` (default the head) `approved`, `needs_fix` or `rejected`, with an optional comment; audited (`review.set`). ' +
            "The decision holds on that content in every version showing it, and lapses when the datapoint is edited. A later decision supersedes an earlier one; both stay in the datapoint's review history. " +
            'Listings filter by it (`review=needs_fix`, or `unreviewed`).',
          params: DatapointParams,
          body: ReviewCreate,
          response: { 201: Review },
        },
      },
      async (request, reply) => {
        const { id, datapoint_id } = request.params;
        return reply.code(201).send(await reviews.review(request.caller, id, datapoint_id, request.body));
      },
    );

    app.get(
      '/datasets/:id/datapoints/:datapoint_id/reviews',
      {
        schema: {
          tags,
          summary: "A datapoint's review history",
          operationId: 'listDatapointReviews',
          description:
            'Every decision on the datapoint, newest first, with the version read and the version that wrote the content reviewed.',
          params: DatapointParams,
          querystring: PageQuery,
          response: { 200: Page(Review) },
        },
      },
      async (request) => reviews.history(request.caller, request.params.id, request.params.datapoint_id, request.query),
    );

    app.get(
      '/datasets/:id/reviews',
      {
        schema: {
          tags,
          summary: 'The reviews holding on some datapoints',
          operationId: 'currentReviews',
          description:
            `For up to ${LIMITS.pageSizeMax.toLocaleString('en')} datapoints (a page of a listing), the decision holding on each as it is in \`version\` (default the head; or \`as_of\`). ` +
            'Datapoints without one are left out: they are unreviewed.',
          params: IdParams,
          querystring: CurrentQuery,
          response: {
            200: Type.Object({ version: Type.Integer(), data: Type.Array(Review) }, { title: 'CurrentReviews' }),
          },
        },
      },
      async (request) => {
        const { datapoint_id, ...choice } = request.query;
        return reviews.current(request.caller, request.params.id, datapoint_id, choice);
      },
    );
  };
