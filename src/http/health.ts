import type { FastifyPluginAsync } from 'fastify';
import type { Store } from '../store/store.js';

/** Liveness (the process answers) and readiness (the store answers). */
export const healthRoutes = (store: Store): FastifyPluginAsync => async (app) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await store.ping();
      return { status: 'ready', store: store.dialect.name };
    } catch {
      return reply.code(503).send({ status: 'unavailable', store: store.dialect.name });
    }
  });
};
