import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../domain/limits.js';
import type { Services } from '../domain/services.js';
import { registerJsonParser } from './body.js';
import { problemHandler } from './errors.js';
import { healthRoutes } from './health.js';
import { registerMetrics } from './metrics.js';
import { registerOpenApi } from './openapi.js';
import { registerRateLimit } from './rate-limit.js';
import { Problem } from './v1/schemas/common.js';
import { validatorCompiler } from './validation.js';
import { v1 } from './v1/index.js';
import { evalsSurface } from './compat/evals/index.js';
import { gatewaySurface } from './compat/gateway/index.js';
import { roboticsSurface } from './compat/robotics/index.js';
import { spacesSurface } from './compat/spaces/index.js';
import { versionedSurface } from './compat/versioned/index.js';
import './types.js';

export interface AppOptions {
  services: Services;
  logLevel?: string;
}

const SWEEP_EVERY_MS = 60 * 60 * 1000;

/** Builds the whole HTTP application on the services, without listening: main.ts and tests both use it. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { services } = options;
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info' },
    bodyLimit: LIMITS.jsonBodyBytes,
    // Keep-alive sockets with no request in flight are closed at shutdown; busy ones finish first.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(problemHandler);
  app.setNotFoundHandler((request, reply) =>
    problemHandler(new DomainError('not_found', `no route for ${request.method} ${request.url.split('?')[0].slice(0, 200)}`), request, reply),
  );
  app.addSchema(Problem);
  registerJsonParser(app);

  registerMetrics(app);
  registerRateLimit(app, services.rateLimits);
  await registerOpenApi(app);
  await app.register(healthRoutes(services.status));
  await app.register(v1(services), { prefix: '/v1' });
  await app.register(versionedSurface(services), { prefix: '/compat/versioned' });
  await app.register(spacesSurface(services), { prefix: '/compat/spaces' });
  await app.register(roboticsSurface(services), { prefix: '/compat/robotics' });
  await app.register(gatewaySurface(services), { prefix: '/compat/gateway' });
  await app.register(evalsSurface(services), { prefix: '/compat/evals/api/v1' });

  let sweeper: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    const sweep = () =>
      Promise.all([services.idempotency.sweep(), services.rateLimits.sweep()]).catch((err) => app.log.warn({ err }, 'sweep failed'));
    sweeper = setInterval(sweep, SWEEP_EVERY_MS);
    sweeper.unref();
  });
  app.addHook('onClose', async () => clearInterval(sweeper));
  return app;
}
