import type { Caller } from '../domain/caller.js';
import type { TokenClaims } from '../domain/tokens.js';

/** Who may call a route: nobody checks `public`; `admin` means the instance admin key. */
export type Access = 'public' | 'read' | 'write' | 'admin';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
    /** The verified JWT, on surfaces that authenticate with one. */
    token: TokenClaims;
    /** sha256 of the raw request body, set by the body parsers, for Idempotency-Key fingerprints. */
    bodyHash?: string;
    idempotency?: { scope: string; key: string };
  }
  interface FastifyContextConfig {
    access?: Access;
    /** The 2xx response carries a secret shown once (a new key, a token): it is never kept for replays. */
    secretResponse?: boolean;
  }
}
