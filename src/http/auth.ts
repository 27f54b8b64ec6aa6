import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { assertInstanceAdmin, assertRole } from '../domain/principal.js';
import type { TenancyService } from '../domain/tenancy.js';
import type { Access } from './types.js';

/** The key a request carries: `Authorization: Bearer <key>` or `x-api-key: <key>`. */
export function presentedKey(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match) return match[1];
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey !== '' ? apiKey : null;
}

function accessOf(request: FastifyRequest): Access {
  return request.routeOptions.config.access ?? (['GET', 'HEAD'].includes(request.method) ? 'read' : 'write');
}

/**
 * Resolves the caller's key before the body is read, and checks the route's access
 * level: a read key is refused a write before it uploads anything.
 */
export function registerAuth(app: FastifyInstance, tenancy: TenancyService): void {
  app.decorateRequest('principal', null as never);
  app.addHook('onRequest', async (request) => {
    const access = accessOf(request);
    if (access === 'public') return;
    const secret = presentedKey(request);
    if (secret === null) throw new DomainError('unauthorized', 'an API key is required (Authorization: Bearer <key> or x-api-key)');
    const principal = await tenancy.authenticate(secret);
    if (!principal) throw new DomainError('unauthorized', 'the API key is not valid or has been revoked');
    request.principal = principal;
    if (access === 'admin') assertInstanceAdmin(principal);
    else assertRole(principal, access);
  });
}
