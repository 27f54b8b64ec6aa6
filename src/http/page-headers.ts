import type { FastifyReply } from 'fastify';

/** A Content-Security-Policy as directive -> sources. */
export type Directives = Record<string, string[]>;

/**
 * What every page datashelf serves allows: this origin's content only, no plugins, no
 * base-URL or form tricks, and never being framed.
 */
const BASE: Directives = {
  'default-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** The policy of a page: the shared directives, and the page's own (which add or replace). */
export const contentSecurityPolicy = (own: Directives): string =>
  Object.entries({ ...BASE, ...own })
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');

/**
 * The headers every HTML page carries: its policy, no MIME sniffing, no framing (also
 * for browsers that predate frame-ancestors), and no Referer to where links lead.
 */
export const protectPage = (reply: FastifyReply, csp: string): FastifyReply =>
  reply
    .header('content-security-policy', csp)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer');
