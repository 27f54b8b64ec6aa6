import type { Principal } from '../domain/principal.js';

/** Who may call a route: nobody checks `public`; `admin` means the instance admin key. */
export type Access = 'public' | 'read' | 'write' | 'admin';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    /** sha256 of the raw request body, set by the body parsers, for Idempotency-Key fingerprints. */
    bodyHash?: string;
    idempotency?: { scope: string; key: string };
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}
