import { createHash } from 'node:crypto';
import scalar from '@scalar/fastify-api-reference';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { contentSecurityPolicy, protectPage } from './page-headers.js';

/** The address the API guide's examples are written for, which the page replaces by the one it was reached at. */
const GUIDE_ADDRESS = 'localhost:8080';
/** A Host header worth repeating in the page: a name or an address, and a port. */
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * Scalar as a self-hosted page: no fonts from its CDN, no developer toolbar (Configure,
 * Share, Generate SDK, Deploy), no AI agent or MCP, no telemetry, no button that opens
 * the document in Scalar's hosted client, no vendor link.
 */
const CONFIGURATION = {
  url: '/docs/openapi.json',
  pageTitle: 'datashelf API reference',
  withDefaultFonts: false,
  showDeveloperTools: 'never',
  agent: { disabled: true },
  mcp: { disabled: true },
  telemetry: false,
  hideClientButton: true,
  customCss: 'a[href*="utm_source=powered-by"] { display: none; }',
} as const;

type Document = { servers?: unknown[]; info: { description?: string } };

/** The document with this server's address, as the request reached it, in its servers and the guide's examples. */
function documentAt(document: Document, request: FastifyRequest): Document {
  if (!PLAIN_HOST.test(request.host)) return document;
  const origin = `${request.protocol}://${request.host}`;
  const address = request.protocol === 'https' ? origin : request.host;
  return {
    ...document,
    servers: [{ url: origin, description: 'this server' }],
    info: { ...document.info, description: document.info.description?.replaceAll(GUIDE_ADDRESS, address) },
  };
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The page's policy: the web UI's, with its own inline start-up script allowed by hash.
 * Styles may be inline: Scalar injects its stylesheet from its script.
 */
function policyFor(html: string): string {
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => sha256(m[1]));
  return contentSecurityPolicy({
    'script-src': ["'self'", ...inline],
    'style-src': ["'self'", "'unsafe-inline'"],
    'font-src': ["'self'"],
  });
}

/**
 * The API reference at /docs: Scalar's page, its script, and the OpenAPI document it
 * shows, in a scope of their own that sends the web UI's protections with each.
 */
export async function registerReferencePage(app: FastifyInstance, document: () => Document): Promise<void> {
  await app.register(async (scope) => {
    let policy: { html: string; csp: string } | undefined;
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('x-content-type-options', 'nosniff');
      if (typeof payload === 'string' && String(reply.getHeader('content-type')).startsWith('text/html')) {
        if (policy?.html !== payload) policy = { html: payload, csp: policyFor(payload) };
        protectPage(reply, policy.csp);
      }
      return payload;
    });
    await scope.register(scalar, { routePrefix: '/docs', configuration: CONFIGURATION });
    scope.get('/docs/openapi.json', { schema: { hide: true } }, async (request) => documentAt(document(), request));
  });
}
