import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../../domain/services.js';
import { LIMITS } from '../../../model/limits.js';
import { datasetRoutes } from './dataset-routes.js';
import { exampleRoutes } from './example-routes.js';
import { ingestRoutes } from './ingest-routes.js';
import { sessionRoutes } from './session-routes.js';
import { versionRoutes } from './version-routes.js';
import { Info } from './schemas.js';

const { batchOperations, batchBytes } = LIMITS.surfaces.langsmith;

/**
 * What the server tells LangSmith's clients about itself: examples are written as
 * multipart (which the SDKs require), traced runs are sent as uncompressed multipart
 * batches of at most this many operations and bytes.
 */
const INFO = {
  batch_ingest_config: {
    use_multipart_endpoint: true,
    scale_up_qsize_trigger: 1000,
    scale_up_nthreads_limit: 16,
    scale_down_nempty_trigger: 4,
    size_limit: batchOperations,
    size_limit_bytes: batchBytes,
  },
  instance_flags: { dataset_examples_multipart_enabled: true },
};

/** LangSmith's dataset, example and experiment API at /compat/langsmith. */
export const langsmithSurface =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/info',
      {
        schema: {
          tags: ['compat: langsmith'],
          summary: 'Server information',
          operationId: 'langsmithInfo',
          description: 'What LangSmith clients read before writing examples or runs: multipart writes are on, and the batch limits.',
          response: { 200: Info },
        },
      },
      async () => INFO,
    );
    await app.register(datasetRoutes(services));
    await app.register(versionRoutes(services));
    await app.register(exampleRoutes(services));
    await app.register(sessionRoutes(services));
    await app.register(ingestRoutes(services));
  };
