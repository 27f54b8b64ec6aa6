import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Services } from '../domain/services.js';
import { apiKeys, jwtBearer, registerAuth, type Credentials } from './auth.js';
import { evalsSurface } from './compat/evals/routes.js';
import { envelope as evalsEnvelope } from './compat/evals/errors.js';
import { gatewaySurface } from './compat/gateway/routes.js';
import { hfSurface } from './compat/hf/routes.js';
import { envelope as hfEnvelope } from './compat/hf/errors.js';
import { hubFramework } from './compat/hf/framework.js';
import { hubTokens } from './compat/hf/tokens.js';
import { langsmithSurface } from './compat/langsmith/routes.js';
import { envelope as langsmithEnvelope } from './compat/langsmith/errors.js';
import { langsmithFramework } from './compat/langsmith/framework.js';
import { envelope as gatewayEnvelope } from './compat/gateway/errors.js';
import { roboticsSurface } from './compat/robotics/routes.js';
import { envelope as roboticsEnvelope } from './compat/robotics/errors.js';
import { spacesSurface } from './compat/spaces/routes.js';
import { envelope as spacesEnvelope } from './compat/spaces/errors.js';
import { versionedSurface } from './compat/versioned/routes.js';
import { envelope as versionedEnvelope } from './compat/versioned/errors.js';
import { declareStandardResponses } from './declared-responses.js';
import { djangoFramework } from './compat/django.js';
import { fastapiFramework } from './compat/fastapi.js';
import { lastValueWins } from './compat/query.js';
import { problemEnvelope, registerEnvelope, type Envelope, type UnknownPaths } from './envelope.js';
import { v1 } from './v1/index.js';

/** One way into the model: a URL prefix, how callers authenticate, how failures look, the routes. */
export interface Surface {
  prefix: string;
  envelope: Envelope;
  credentials: (services: Services) => Credentials;
  routes: (services: Services) => FastifyPluginAsync;
  /** How the original's framework reads requests (bodies, validation, query strings), set up in the surface's scope. */
  framework?: (scope: FastifyInstance) => void;
  unknownPaths?: UnknownPaths;
}

/** The native API and the wire-compatible surfaces. */
export const SURFACES: Surface[] = [
  { prefix: '/v1', envelope: problemEnvelope, credentials: (s) => apiKeys(s.tenancy), routes: v1 },
  {
    prefix: '/compat/versioned',
    envelope: versionedEnvelope,
    credentials: (s) => apiKeys(s.tenancy),
    routes: versionedSurface,
    framework: djangoFramework,
    unknownPaths: { appendSlash: true },
  },
  {
    prefix: '/compat/spaces',
    envelope: spacesEnvelope,
    credentials: (s) => jwtBearer(s.tokens),
    routes: spacesSurface,
    framework: lastValueWins,
  },
  {
    prefix: '/compat/robotics',
    envelope: roboticsEnvelope,
    credentials: (s) => apiKeys(s.tenancy),
    routes: roboticsSurface,
    framework: fastapiFramework,
  },
  {
    prefix: '/compat/gateway',
    envelope: gatewayEnvelope,
    credentials: (s) => apiKeys(s.tenancy),
    routes: gatewaySurface,
    framework: fastapiFramework,
  },
  {
    prefix: '/compat/evals/api/v1',
    envelope: evalsEnvelope,
    credentials: (s) => apiKeys(s.tenancy),
    routes: evalsSurface,
    framework: fastapiFramework,
  },
  {
    prefix: '/compat/langsmith',
    envelope: langsmithEnvelope,
    credentials: (s) => apiKeys(s.tenancy),
    routes: langsmithSurface,
    framework: langsmithFramework,
  },
  {
    prefix: '/compat/hf',
    envelope: hfEnvelope,
    credentials: (s) => hubTokens(s.tenancy),
    routes: hfSurface,
    framework: hubFramework,
  },
];

/** The envelope of the surface a URL falls under; problem+json outside every surface. */
export function envelopeFor(url: string): Envelope {
  const path = url.split('?')[0];
  const surface = SURFACES.find((s) => path === s.prefix || path.startsWith(`${s.prefix}/`));
  return surface?.envelope ?? problemEnvelope;
}

/** Each surface in its own encapsulated scope: its envelope, its credentials, then its routes. */
export async function registerSurfaces(app: FastifyInstance, services: Services): Promise<void> {
  for (const surface of SURFACES) {
    await app.register(
      async (scope) => {
        registerEnvelope(scope, surface.envelope, surface.unknownPaths);
        surface.framework?.(scope);
        registerAuth(scope, surface.credentials(services), services.rateLimits);
        scope.addHook('onRoute', (route) => declareStandardResponses(route, surface.envelope));
        await scope.register(surface.routes(services));
      },
      { prefix: surface.prefix },
    );
  }
}
