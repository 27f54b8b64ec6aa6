import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';
import type { RateLimiter } from '../domain/rate-limits.js';
import { presentedKey } from './auth.js';

const UNLIMITED = ['/healthz', '/readyz', '/docs', '/openapi.json', '/metrics'];

/** Requests are counted per credential presented (key or token), else per client address. */
function bucketOf(request: FastifyRequest): string {
  const credential = presentedKey(request);
  return credential ? `key:${createHash('sha256').update(credential).digest('hex').slice(0, 32)}` : `ip:${request.ip}`;
}

/**
 * Every API response carries X-RateLimit-Limit, -Remaining and -Reset (Unix seconds);
 * over the limit, 429 with Retry-After, in the surface's own error envelope. It runs
 * before authentication, so floods cost no key lookups.
 */
export function registerRateLimit(app: FastifyInstance, limiter: RateLimiter): void {
  if (!limiter.enabled) return;
  app.addHook('onRequest', async (request, reply) => {
    if (UNLIMITED.some((path) => request.url.startsWith(path))) return;
    const decision = await limiter.hit(bucketOf(request));
    reply.header('x-ratelimit-limit', decision.limit);
    reply.header('x-ratelimit-remaining', decision.remaining);
    reply.header('x-ratelimit-reset', decision.reset);
    if (!decision.allowed) {
      reply.header('retry-after', decision.retryAfter);
      throw new DomainError('rate_limited', `rate limit of ${decision.limit} requests reached; retry in ${decision.retryAfter} s`);
    }
  });
}
