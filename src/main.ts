import path from 'node:path';
import { ConfigError, loadConfig, resolveJwtSecret, type Config } from './config.js';
import { createServices } from './domain/services.js';
import { buildApp } from './http/app.js';
import { openStore } from './store/open.js';
import { FilesystemBlobs } from './store/blobs/filesystem.js';
import type { BlobBackend } from './store/blobs/backend.js';
import { systemClock } from './domain/clock.js';
import { SecretBox } from './domain/sealed-secrets.js';
import { DISPATCH_DEFAULTS, WebhookDispatcher } from './domain/webhook-dispatcher.js';
import { targetCheck, webhookDeliverer } from './outbound/webhook-client.js';
import { LogStream } from './log-stream.js';
import { exitOnSignals } from './shutdown.js';

/** The process: configuration, store, app, listen; and a graceful exit on SIGTERM / SIGINT (see shutdown.ts). */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`datashelf: configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }

  const store = await openStore(config);
  const secret = resolveJwtSecret(config);
  const { allowPrivate, worker, pollMs, retryBaseMs } = config.webhooks;
  const services = createServices(store, {
    jwt: { ...config.jwt, secret },
    rateLimit: config.rateLimit,
    checkWebhookTarget: targetCheck(allowPrivate),
    importStallMs: config.importStallSeconds * 1000,
    attachments: {
      blobs: await blobBackend(config),
      maxBytes: config.attachments.maxBytes,
      quotaBytes: config.attachments.quotaBytes,
      linkBase: config.attachments.publicUrl ?? '',
      gcGraceMs: config.attachments.gcGraceSeconds * 1000,
    },
  });
  const generated = await services.tenancy.ensureAdminKey(config.adminKey);
  if (generated) {
    console.log(`\ndatashelf: generated the instance admin key (shown once, only its hash is stored):\n\n  ${generated}\n`);
  }

  const logs = new LogStream();
  const app = await buildApp({ services, logLevel: config.logLevel, logStream: logs, trustProxy: config.trustProxy });
  const dispatcher = worker
    ? new WebhookDispatcher(store, systemClock, new SecretBox(secret), webhookDeliverer(allowPrivate), {
        ...DISPATCH_DEFAULTS,
        pollMs,
        retryBaseMs,
        onError: (err) => app.log.error({ err }, 'webhook outbox round failed'),
      })
    : null;
  exitOnSignals({
    log: app.log,
    timeoutMs: config.shutdownTimeoutMs,
    flush: (ms) => logs.flushed(ms),
    stop: async () => {
      await app.close();
      await services.imports.close();
      await dispatcher?.stop();
      await store.close();
    },
  });

  await app.listen({ port: config.port, host: config.host });
  dispatcher?.start();
  app.log.info(`datashelf on ${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`}; API reference at /docs`);
}

/** The object store when one is configured (its SDK loaded only then), else a directory in the data dir. */
async function blobBackend(config: Config): Promise<BlobBackend> {
  if (!config.attachments.s3) return new FilesystemBlobs(path.join(config.dataDir, 'blobs'));
  const { S3Blobs } = await import('./store/blobs/s3.js');
  return new S3Blobs(config.attachments.s3);
}

main().catch((error) => {
  console.error('datashelf: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
