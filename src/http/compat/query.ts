import type { FastifyInstance } from 'fastify';

/**
 * A repeated query parameter counts once, with its last value, as Django's QueryDict
 * and Starlette's query_params read a single-valued parameter (no compat surface
 * declares a list-valued one).
 */
export function lastValueWins(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request) => {
    const query = request.query as Record<string, string | string[]>;
    for (const [name, value] of Object.entries(query)) if (Array.isArray(value)) query[name] = value[value.length - 1];
  });
}
