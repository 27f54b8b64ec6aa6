import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from '../domain/errors.js';
import { textProblem } from '../formats/json-input.js';
import { MALFORMED, type ParsedQuery } from './query-string.js';

/**
 * Path and query parameters hold text the stores can keep as sent: no U+0000 and no
 * lone surrogate, on every surface (bodies are checked by their parsers).
 */
export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    for (const [name, value] of Object.entries((request.params ?? {}) as Record<string, string>)) check(`path parameter ${name}`, value);
    for (const [name, value] of Object.entries((request.query ?? {}) as Record<string, string | string[]>)) {
      check('a query parameter name', name);
      for (const item of [value].flat()) check(`query parameter ${name}`, item);
    }
  });
}

function check(what: string, text: string): void {
  const problem = textProblem(text);
  if (problem) throw badRequest(`${what} ${problem}`, [{ field: what, message: problem }]);
}

/** The native API refuses percent-escapes that are not UTF-8 rather than guess what was meant. */
export function refuseMalformedQuery(request: FastifyRequest): void {
  if ((request.query as ParsedQuery)[MALFORMED]) throw badRequest('the query string has percent-escapes that are not UTF-8');
}
