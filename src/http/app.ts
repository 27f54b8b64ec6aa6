import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { LIMITS } from '../model/limits.js';
import type { Services } from '../domain/services.js';
import { registerJsonParser } from './body.js';
import { registerDecompression } from './decompress.js';
import { registerDrain } from './drain.js';
import { Problem, problemEnvelope, registerEnvelope } from './envelope.js';
import { healthRoutes } from './health.js';
import { registerLingeringClose } from './lingering-close.js';
import { registerMetrics } from './metrics.js';
import { OneLinePerRequest } from './request-log.js';
import { registerOpenApi } from './openapi.js';
import { parseQueryString } from './query-string.js';
import { registerRouteTable } from './route-table.js';
import { envelopeFor, registerSurfaces } from './surfaces.js';
import { registerTextGuard } from './text-guard.js';
import { clientErrors, frameworkErrors } from './transport-errors.js';
import { validatorCompiler } from './validation.js';
import { registerWebUi } from './web-ui.js';
import './types.js';

export interface AppOptions {
  services: Services;
  logLevel?: string;
  /** Where log lines go (default: pino's own stdout destination). */
  logStream?: { write(line: string): void };
  /** Which proxies' X-Forwarded-For to believe for the client address: addresses / CIDRs, or a hop count. */
  trustProxy?: number | string[];
}

const SWEEP_EVERY_MS = 60 * 60 * 1000;

/** Builds the whole HTTP application on the services, without listening: main.ts and tests both use it. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { services } = options;
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info', ...(options.logStream && { stream: options.logStream }) },
    logController: new OneLinePerRequest(),
    bodyLimit: LIMITS.jsonBodyBytes,
    routerOptions: { maxParamLength: LIMITS.pathParamBytes, querystringParser: parseQueryString },
    trustProxy: trustedProxies(options.trustProxy),
    // Keep-alive sockets with no request in flight are closed at shutdown; busy ones finish first.
    forceCloseConnections: 'idle',
    // Requests arriving while shutting down get a 503 in their surface's envelope (registerDrain).
    return503OnClosing: false,
    frameworkErrors: frameworkErrors(envelopeFor),
    clientErrorHandler: clientErrors(envelopeFor) as never,
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerRouteTable(app);
  app.setValidatorCompiler(validatorCompiler);
  registerEnvelope(app, problemEnvelope);
  app.addSchema(Problem);
  registerMetrics(app);
  registerDecompression(app);
  registerJsonParser(app);
  registerDrain(app);
  registerLingeringClose(app);
  registerTextGuard(app);

  await registerOpenApi(app);
  await app.register(healthRoutes(services.status));
  await registerSurfaces(app, services);
  await registerWebUi(app);

  let sweeper: NodeJS.Timeout | undefined;
  let stages: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    // The attachment collector runs with the hourly sweeps: on every instance, which is safe (see attachment-collector.ts).
    const sweep = () =>
      Promise.all([
        services.idempotency.sweep(),
        services.rateLimits.sweep(),
        services.attachmentCollector.collect(),
        services.experimentResults.sweep(),
      ]).catch((err) => app.log.warn({ err }, 'sweep failed'));
    sweeper = setInterval(() => void sweep(), SWEEP_EVERY_MS);
    sweeper.unref();
    // Imports that died with an earlier process leave rows no version shows: take them out first.
    await services.versions.sweepStalled(true);
    const sweepStages = () => services.versions.sweepStalled().catch((err) => app.log.warn({ err }, 'sweep of stalled imports failed'));
    stages = setInterval(() => void sweepStages(), services.versions.sweepEveryMs);
    stages.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(sweeper);
    clearInterval(stages);
  });
  return app;
}

/** A hop count trusts that many proxies nearest the server; a list trusts those addresses only. */
function trustedProxies(setting: AppOptions['trustProxy']): string[] | ((address: string, hop: number) => boolean) | false {
  if (setting === undefined) return false;
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}
