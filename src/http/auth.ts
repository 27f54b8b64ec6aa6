import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { assertInstanceAdmin, assertRole, type Principal } from '../domain/principal.js';
import type { TenancyService } from '../domain/tenancy.js';
import type { TokenService } from '../domain/tokens.js';
import type { Access } from './types.js';

/** The key a request carries: `Authorization: Bearer <key>` or `x-api-key: <key>`. */
export function presentedKey(request: FastifyRequest): string | null {
  return bearer(request) ?? (typeof request.headers['x-api-key'] === 'string' && request.headers['x-api-key'] !== '' ? request.headers['x-api-key'] : null);
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1] : null;
}

function accessOf(request: FastifyRequest): Access {
  return request.routeOptions.config.access ?? (['GET', 'HEAD'].includes(request.method) ? 'read' : 'write');
}

/**
 * Resolves the caller before the body is read and checks the route's access level:
 * a read-only caller is refused a write before it uploads anything.
 */
function registerPrincipal(app: FastifyInstance, resolve: (request: FastifyRequest) => Promise<Principal>): void {
  app.decorateRequest('principal', null as never);
  app.addHook('onRequest', async (request) => {
    const access = accessOf(request);
    if (access === 'public') return;
    const principal = await resolve(request);
    request.principal = principal;
    if (access === 'admin') assertInstanceAdmin(principal);
    else assertRole(principal, access);
  });
}

/** API keys, as on /v1 and most surfaces. */
export function registerAuth(app: FastifyInstance, tenancy: TenancyService): void {
  registerPrincipal(app, async (request) => {
    const secret = presentedKey(request);
    if (secret === null) throw new DomainError('unauthorized', 'an API key is required (Authorization: Bearer <key> or x-api-key)');
    const principal = await tenancy.authenticate(secret);
    if (!principal) throw new DomainError('unauthorized', 'the API key is not valid or has been revoked');
    return principal;
  });
}

/** Bearer JWTs from POST /v1/auth/token, verified without the store; the claims land on request.token. */
export function registerTokenAuth(app: FastifyInstance, tokens: TokenService): void {
  app.decorateRequest('token', null as never);
  registerPrincipal(app, async (request) => {
    const token = bearer(request);
    if (token === null) throw new DomainError('unauthorized', 'a bearer token is required');
    request.token = await tokens.verify(token);
    return request.token;
  });
}
