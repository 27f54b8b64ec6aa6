import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../../domain/services.js';
import { partsOf } from './multipart.js';
import { feedbackOf, runsOf, tracedRun } from './run-parts.js';
import * as s from './schemas.js';

const tags = ['compat: langsmith'];
const KEPT =
  "Each run of an experiment on an example becomes the run's item for that datapoint (what it returned, raised, how long it took); " +
  'feedback on it becomes a score under its key, with its comment. Runs outside an experiment, and the inner runs of a trace, are accepted and not kept.';

/** What `evaluate()` sends while it runs: traced runs (batched or one by one) and feedback. */
export const ingestRoutes =
  ({ experimentResults }: Pick<Services, 'experimentResults'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/runs/multipart',
      {
        schema: {
          tags,
          summary: 'Record runs and feedback (multipart)',
          operationId: 'langsmithIngestMultipart',
          description: `A multipart batch: \`post.<run id>\`, \`patch.<run id>\` (with \`.outputs\`, \`.error\`… parts) and \`feedback.<id>\` parts. ${KEPT}`,
          body: { content: { 'multipart/form-data': { schema: s.Multipart } } } as never,
          response: { 202: s.Accepted },
        },
      },
      async (request, reply) => reply.code(202).send(await experimentResults.record(request.caller, runsOf(partsOf(request.body)))),
    );

    app.post(
      '/runs/batch',
      {
        schema: {
          tags,
          summary: 'Record runs (JSON batch)',
          operationId: 'langsmithIngestBatch',
          description: `Runs started (\`post\`) and ended (\`patch\`), as clients send them when multipart is off. ${KEPT}`,
          body: s.RunBatch,
          response: { 202: s.Accepted },
        },
      },
      async (request, reply) => {
        const { post = [], patch = [] } = request.body;
        const runs = [...post, ...patch].filter((r) => r.id).map((r) => tracedRun(r.id!, r));
        return reply.code(202).send(await experimentResults.record(request.caller, { runs, feedback: [] }));
      },
    );

    app.post(
      '/runs',
      {
        schema: {
          tags,
          summary: 'Record a run',
          operationId: 'langsmithCreateRun',
          description: `A run, as clients send it without batching. ${KEPT}`,
          body: s.RunIn,
          response: { 202: s.Accepted },
        },
      },
      async (request, reply) => {
        const runs = request.body.id ? [tracedRun(request.body.id, request.body)] : [];
        return reply.code(202).send(await experimentResults.record(request.caller, { runs, feedback: [] }));
      },
    );

    app.patch(
      '/runs/:run_id',
      {
        schema: {
          tags,
          summary: 'Record the end of a run',
          operationId: 'langsmithUpdateRun',
          description: `A run's end, as clients send it without batching. ${KEPT}`,
          params: s.RunParams,
          body: s.RunIn,
          response: { 202: s.Accepted },
        },
      },
      async (request, reply) => {
        const runs = [tracedRun(request.params.run_id, request.body)];
        return reply.code(202).send(await experimentResults.record(request.caller, { runs, feedback: [] }));
      },
    );

    app.post(
      '/feedback',
      {
        schema: {
          tags,
          summary: 'Record feedback',
          operationId: 'langsmithCreateFeedback',
          description:
            "A score for a run of an experiment (`run_id` and `session_id`): a score under its key on the run's item. " +
            "Without a run, a score of the whole experiment: kept in its run's aggregate results. Feedback outside an experiment is not kept.",
          body: s.FeedbackIn,
          response: { 202: s.Accepted },
        },
      },
      async (request, reply) =>
        reply.code(202).send(await experimentResults.record(request.caller, { runs: [], feedback: [feedbackOf(request.body)] })),
    );
  };
