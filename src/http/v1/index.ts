import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../../domain/services.js';
import { registerAuth } from '../auth.js';
import { registerIdempotency } from '../idempotency.js';
import { authTokenRoutes } from './auth-token.js';
import { collectionRoutes } from './collections.js';
import { containerRoutes } from './containers.js';
import { datapointRoutes } from './datapoints.js';
import { datasetRoutes } from './datasets.js';
import { evalRoutes } from './evals.js';
import { jobRoutes } from './jobs.js';
import { tenancyRoutes } from './tenancy.js';
import { versionRoutes } from './versions.js';

/** The native API under /v1: API-key auth, Idempotency-Key on POSTs, problem+json errors. */
export const v1 = (services: Services): FastifyPluginAsync => async (app) => {
  registerAuth(app, services.tenancy);
  registerIdempotency(app, services.idempotency);
  await app.register(tenancyRoutes(services));
  await app.register(authTokenRoutes(services));
  await app.register(datasetRoutes(services));
  await app.register(versionRoutes(services));
  await app.register(datapointRoutes(services));
  await app.register(collectionRoutes(services));
  await app.register(jobRoutes(services));
  await app.register(containerRoutes(services));
  await app.register(evalRoutes(services));
};
