import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../../domain/services.js';
import { hubApiRoutes } from './api-routes.js';
import { hubFileRoutes } from './file-routes.js';
import { hubWriteRoutes } from './write-routes.js';
import { hubLfsRoutes } from './lfs-routes.js';

/**
 * Hugging Face Hub–compatible dataset repositories at /compat/hf: point `HF_ENDPOINT`
 * (Python) or `hubUrl` (JavaScript) here, with a datashelf key as the token.
 */
export const hfSurface =
  (services: Pick<Services, 'hub' | 'hubPush' | 'hubLfs' | 'hubTags'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    await app.register(hubApiRoutes(services));
    await app.register(hubFileRoutes(services));
    await app.register(hubWriteRoutes(services));
    await app.register(hubLfsRoutes(services));
  };
