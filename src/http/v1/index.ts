import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../../domain/services.js';
import { registerIdempotency } from '../idempotency.js';
import { refuseMalformedQuery } from '../text-guard.js';
import { attachmentRoutes } from './attachments.js';
import { attachmentUploadRoutes } from './attachment-uploads.js';
import { auditRoutes } from './audit.js';
import { authTokenRoutes } from './auth-token.js';
import { collectionRoutes } from './collections.js';
import { containerRoutes } from './containers.js';
import { datapointRoutes } from './datapoints.js';
import { datasetRoutes } from './datasets.js';
import { evalRoutes } from './evals.js';
import { fileRoutes } from './files.js';
import { importRoutes } from './imports.js';
import { jobRoutes } from './jobs.js';
import { reviewRoutes } from './review-states.js';
import { runRoutes } from './runs.js';
import { datasetExtraRoutes } from './dataset-extras.js';
import { catalogueRoutes } from './catalogue.js';
import { runSideBySideRoutes } from './run-side-by-side.js';
import { tenancyRoutes } from './tenancy.js';
import { versionRoutes } from './versions.js';
import { versionTagRoutes } from './version-tags.js';
import { webhookRoutes } from './webhooks.js';

/** The native API's routes (auth and problem+json come with its surface): Idempotency-Key on POSTs, strict query strings. */
export const v1 =
  (services: Services): FastifyPluginAsync =>
  async (app) => {
    app.addHook('onRequest', async (request) => refuseMalformedQuery(request));
    registerIdempotency(app, services.idempotency);
    await app.register(tenancyRoutes(services));
    await app.register(auditRoutes(services));
    await app.register(authTokenRoutes(services));
    await app.register(datasetExtraRoutes(services));
    await app.register(datasetRoutes(services));
    await app.register(catalogueRoutes());
    await app.register(versionRoutes(services));
    await app.register(versionTagRoutes(services));
    await app.register(fileRoutes(services));
    await app.register(importRoutes(services));
    await app.register(datapointRoutes(services));
    await app.register(collectionRoutes(services));
    await app.register(jobRoutes(services));
    await app.register(containerRoutes(services));
    await app.register(evalRoutes(services));
    await app.register(runSideBySideRoutes(services));
    await app.register(runRoutes(services));
    await app.register(reviewRoutes(services));
    await app.register(webhookRoutes(services));
    await app.register(attachmentRoutes(services));
    await app.register(attachmentUploadRoutes(services));
  };
