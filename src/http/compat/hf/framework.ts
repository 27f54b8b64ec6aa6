import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../../model/limits.js';

/**
 * `huggingface_hub` posts some bodies as forms (paths-info: `paths` repeated,
 * `expand=true`): read as the JSON the route's schema describes.
 */
export function hubFramework(scope: FastifyInstance): void {
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: LIMITS.jsonBodyBytes },
    (_request, body, done) => {
      const form = new URLSearchParams(body as string);
      const fields: Record<string, string | string[]> = {};
      for (const key of new Set(form.keys())) fields[key] = key === 'paths' ? form.getAll(key) : (form.get(key) ?? '');
      done(null, fields);
    },
  );
}
