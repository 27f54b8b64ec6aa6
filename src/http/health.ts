import type { FastifyPluginAsync } from 'fastify';
import type { StatusService } from '../domain/status.js';

/** Liveness (the process answers) and readiness (the store answers). */
export const healthRoutes =
  (status: StatusService): FastifyPluginAsync =>
  async (app) => {
    app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
    app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
      try {
        return { status: 'ready', store: await status.ready() };
      } catch {
        return reply.code(503).send({ status: 'unavailable' });
      }
    });
  };
