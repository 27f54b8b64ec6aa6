import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { projectOf } from '../../domain/caller.js';
import type { Services } from '../../domain/services.js';
import { Token } from './schemas.js';

/** Exchanges a project API key for a short-lived JWT (what the spaces surface authenticates with). */
export const authTokenRoutes =
  ({ tenancy, tokens }: Pick<Services, 'tenancy' | 'tokens'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/auth/token',
      {
        config: { access: 'read', secretResponse: true },
        schema: {
          tags: ['auth'],
          summary: 'Issue a JWT for this API key',
          operationId: 'issueToken',
          description:
            "The token carries the key's project and role, is signed with the configured algorithm, and works until it expires or its key is revoked. " +
            'It is shown only in this response: a retry with the same Idempotency-Key answers 409 `idempotency_secret_not_replayable`.',
          response: { 200: Token },
        },
      },
      async (request) => tokens.issue(request.caller, await tenancy.project({ id: projectOf(request.caller) })),
    );
  };
