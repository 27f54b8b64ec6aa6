import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../domain/errors.js';
import type { IdempotencyService } from '../domain/idempotency.js';
import { LIMITS } from '../model/limits.js';

/**
 * Idempotency-Key on every POST: the first request's response is kept and replayed to
 * retries with the same body. It runs after authentication and the route's access
 * check, and a key belongs to the credential that used it first: a replay never
 * reaches anyone else. A 2xx that carries a secret is recorded without its body.
 */
export function registerIdempotency(app: FastifyInstance, idempotency: IdempotencyService): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const key = request.headers['idempotency-key'];
    if (key === undefined) return;
    if (typeof key !== 'string' || key.length === 0 || key.length > LIMITS.idempotencyKeyLength) {
      throw new DomainError('bad_request', `Idempotency-Key must be 1 to ${LIMITS.idempotencyKeyLength} characters`);
    }
    const scope = `${request.caller.projectId ?? 'instance'}/${request.caller.keyId}`;
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.url}\n${request.bodyHash ?? ''}`)
      .digest('hex');
    const claim = await idempotency.claim(scope, key, fingerprint);
    if (claim.kind === 'replay') {
      return reply.code(claim.status).header('content-type', claim.contentType).header('idempotent-replayed', 'true').send(claim.body);
    }
    request.idempotency = { scope, key };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claimed = request.idempotency;
    if (!claimed) return payload;
    request.idempotency = undefined;
    if (reply.statusCode >= 500 || typeof payload !== 'string') {
      await idempotency.release(claimed.scope, claimed.key);
      return payload;
    }
    const withheld = request.routeOptions.config.secretResponse === true && reply.statusCode < 300;
    const type = String(reply.getHeader('content-type') ?? 'application/json');
    await idempotency.complete(claimed.scope, claimed.key, reply.statusCode, type, withheld ? null : payload);
    return payload;
  });
}
