import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { assertInstanceAdmin, assertRole, type Caller } from '../domain/caller.js';
import { DomainError, unauthorized } from '../domain/errors.js';
import type { RateDecision, RateLimiter } from '../domain/rate-limits.js';
import type { TenancyService } from '../domain/tenancy.js';
import type { TokenService } from '../domain/tokens.js';
import type { Access } from './types.js';

/** How a surface finds and checks the credential a request presents. */
export interface Credentials {
  presented(request: FastifyRequest): string | null;
  /** The caller the credential stands for; throws `unauthorized` when it stands for none. */
  resolve(credential: string, request: FastifyRequest): Promise<Caller>;
  missing: string;
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1] : null;
}

/** API keys, as on /v1 and most surfaces: `Authorization: Bearer <key>` or `x-api-key: <key>`. */
export function apiKeys(tenancy: TenancyService): Credentials {
  return {
    presented: (request) => {
      const header = request.headers['x-api-key'];
      return bearer(request) ?? (typeof header === 'string' && header !== '' ? header : null);
    },
    resolve: async (secret) => {
      const caller = await tenancy.authenticate(secret);
      if (!caller) throw unauthorized('the API key is not valid or has been revoked', 'credential_invalid');
      return caller;
    },
    missing: 'an API key is required (Authorization: Bearer <key> or x-api-key)',
  };
}

/** Bearer JWTs from POST /v1/auth/token, verified by signature and their key's liveness; the claims land on request.token. */
export function jwtBearer(tokens: TokenService): Credentials {
  return {
    presented: bearer,
    resolve: async (token, request) => {
      request.token = await tokens.verify(token);
      return request.token;
    },
    missing: 'a bearer token is required',
  };
}

function accessOf(request: FastifyRequest): Access {
  return request.routeOptions.config.access ?? (['GET', 'HEAD'].includes(request.method) ? 'read' : 'write');
}

/**
 * Resolves the caller before the body is read and checks the route's access level, so
 * a read-only caller is refused a write before it uploads anything. A valid credential
 * counts only against its own key, so no one else's failures can lock it out; a request
 * without a credential, or with one that fails, counts against the client address, and
 * past that address's limit failures are answered 429. Every credential presented is
 * looked up (a known-good key from the cache, others by one indexed read).
 */
export function registerAuth(app: FastifyInstance, credentials: Credentials, limiter: RateLimiter): void {
  app.decorateRequest('caller', null as never);
  app.decorateRequest('token', null as never);
  const charge = async (bucket: string, reply: FastifyReply) => {
    if (limiter.enabled) refuseOver(await limiter.hit(bucket), reply);
  };
  const callerOf = async (request: FastifyRequest, reply: FastifyReply): Promise<Caller> => {
    const credential = credentials.presented(request);
    try {
      if (credential === null) throw unauthorized(credentials.missing, 'credential_missing');
      return await credentials.resolve(credential, request);
    } catch (error) {
      await charge(`ip:${request.ip}`, reply);
      throw error;
    }
  };
  app.addHook('onRequest', async (request, reply) => {
    const access = accessOf(request);
    if (access === 'public') return;
    const caller = await callerOf(request, reply);
    await charge(`key:${caller.keyId}`, reply);
    request.caller = caller;
    if (access === 'admin') assertInstanceAdmin(caller);
    else assertRole(caller, access);
  });
}

/** Every counted response carries the window's figures; over the limit, 429 with Retry-After. */
function refuseOver(decision: RateDecision, reply: FastifyReply): void {
  reply.header('x-ratelimit-limit', decision.limit);
  reply.header('x-ratelimit-remaining', decision.remaining);
  reply.header('x-ratelimit-reset', decision.reset);
  if (decision.allowed) return;
  reply.header('retry-after', decision.retryAfter);
  throw new DomainError('rate_limited', `rate limit of ${decision.limit} requests reached; retry in ${decision.retryAfter} s`);
}
