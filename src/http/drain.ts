import { setImmediate as turn } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../domain/errors.js';

/**
 * Shutdown's drain. Once the app starts closing, the requests in flight run to their end,
 * and requests still arriving on connections their clients kept alive are answered 503
 * in their surface's envelope, with Retry-After and `Connection: close`. Fastify stops
 * the server (closing the idle connections left) only after this, once no request is in
 * flight: until then an idle connection a client reuses gets its 503 instead of being
 * reset under it.
 */
export function registerDrain(app: FastifyInstance): void {
  let draining = false;
  let inFlight = 0;
  let drained = () => {};
  app.addHook('onRequest', async (_request, reply) => {
    if (draining) {
      reply.header('retry-after', '5').header('connection', 'close');
      throw new DomainError('unavailable', 'the server is shutting down; retry shortly');
    }
    inFlight++;
    // Sent, or its connection gone: either way the request no longer holds shutdown up.
    reply.raw.once('close', () => {
      if (--inFlight === 0) drained();
    });
  });
  app.addHook('preClose', async () => {
    draining = true;
    // A full turn of the event loop reads what already arrived (a busy import may have held
    // it back), so those requests get their 503 before the idle connections are closed.
    await turn();
    await turn();
    if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
  });
}
