import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { contentSecurityPolicy, protectPage } from './page-headers.js';

const DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** The top-level paths the single-page app routes itself; each answers index.html. */
const SECTIONS = ['datasets', 'telemetry', 'runs', 'collections', 'jobs', 'admin', 'signin'];

/**
 * The page may only load this origin's scripts and styles, talk to this origin, and
 * never be framed: a key in session storage is worth nothing to injected script that
 * cannot run.
 */
const CSP = contentSecurityPolicy({
  // WebAssembly only (the Parquet preview's decompressors), never eval of script.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
});

const NOT_BUILT = 'The web UI is not built: run `npm run build` (npm install does it).\n';

/** The web UI (web/, built by Vite at install) at `/`: index.html for its routes, hashed assets cached for good. */
export async function registerWebUi(app: FastifyInstance): Promise<void> {
  const indexFile = `${DIST}index.html`;
  const index = existsSync(indexFile) ? readFileSync(indexFile) : null;
  const page = (reply: FastifyReply) => {
    protectPage(reply, CSP);
    if (!index) return reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
  };
  app.get('/', { schema: { hide: true } }, async (_request, reply) => page(reply));
  for (const section of SECTIONS) {
    app.get(`/${section}`, { schema: { hide: true } }, async (_request, reply) => page(reply));
    app.get(`/${section}/*`, { schema: { hide: true } }, async (_request, reply) => page(reply));
  }
  if (!index) return;
  await app.register(fastifyStatic, {
    root: `${DIST}assets`,
    prefix: '/assets/',
    // Vite names every asset by its content hash, so a name never changes meaning.
    immutable: true,
    maxAge: '365d',
    index: false,
    list: false,
    setHeaders: (res) => {
      res.setHeader('x-content-type-options', 'nosniff');
    },
  });
}
