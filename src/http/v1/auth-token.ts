import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { projectOf } from '../../domain/caller.js';
import type { Services } from '../../domain/services.js';
import { problems } from './schemas/common.js';

const Token = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'seconds' }),
});

/** Exchanges a project API key for a short-lived JWT (what the spaces surface authenticates with). */
export const authTokenRoutes = (services: Services): FastifyPluginAsyncTypebox => async (app) => {
  app.post('/auth/token', {
    config: { access: 'read', secretResponse: true },
    schema: {
      tags: ['auth'],
      summary: 'Issue a JWT for this API key',
      description: 'The token carries the key\'s project and role, is signed with the configured algorithm, and is verified without the store until it expires.',
      response: { 200: Token, ...problems(401, 403) },
    },
  }, async (request) => {
    const project = await services.tenancy.projectById(projectOf(request.caller));
    return services.tokens.issue(request.caller, project);
  });
};
