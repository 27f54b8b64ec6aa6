import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, resolveJwtSecret } from '../src/config.js';

describe('configuration', () => {
  it('has working defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      databaseUrl: null,
      adminKey: null,
      logLevel: 'info',
      jwt: { secret: null, algorithm: 'HS256', ttlSeconds: 3600 },
      rateLimit: { limit: 1200, windowSeconds: 60 },
      trustProxy: undefined,
      webhooks: { allowPrivate: false, worker: true, pollMs: 1000, retryBaseMs: 5000 },
      importStallSeconds: 30,
      shutdownTimeoutMs: 30_000,
      attachments: { maxBytes: 5 * 1024 ** 3, quotaBytes: 0, publicUrl: null, gcGraceSeconds: 86_400, s3: null },
    });
    expect(loadConfig({ DATASHELF_ATTACHMENT_MAX_BYTES: '1048576' }).attachments.maxBytes).toBe(1048576);
    expect(() => loadConfig({ DATASHELF_ATTACHMENT_MAX_BYTES: '0' })).toThrow(/DATASHELF_ATTACHMENT_MAX_BYTES/);
    expect(loadConfig({ DATASHELF_ATTACHMENT_QUOTA_BYTES: '1073741824' }).attachments.quotaBytes).toBe(1073741824);
    expect(() => loadConfig({ DATASHELF_ATTACHMENT_QUOTA_BYTES: '-1' })).toThrow(/DATASHELF_ATTACHMENT_QUOTA_BYTES/);
    expect(loadConfig({ DATASHELF_PUBLIC_URL: 'https://data.example.com/' }).attachments.publicUrl).toBe('https://data.example.com');
    expect(() => loadConfig({ DATASHELF_PUBLIC_URL: 'ftp://x' })).toThrow(/DATASHELF_PUBLIC_URL/);
    const s3 = {
      DATASHELF_S3_BUCKET: 'b',
      DATASHELF_S3_ENDPOINT: 'http://minio:9000',
      DATASHELF_S3_ACCESS_KEY_ID: 'k',
      DATASHELF_S3_SECRET_ACCESS_KEY: 's',
    };
    expect(loadConfig(s3).attachments.s3).toEqual({
      bucket: 'b',
      prefix: 'datashelf/',
      region: 'us-east-1',
      endpoint: 'http://minio:9000',
      credentials: { accessKeyId: 'k', secretAccessKey: 's' },
    });
    expect(() => loadConfig({ DATASHELF_S3_BUCKET: 'b', DATASHELF_S3_ACCESS_KEY_ID: 'k' })).toThrow(/DATASHELF_S3_SECRET_ACCESS_KEY/);
    expect(loadConfig({ DATASHELF_RATE_LIMIT: '0', DATASHELF_RATE_WINDOW: '1' }).rateLimit).toEqual({ limit: 0, windowSeconds: 1 });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATASHELF_DATA_DIR: '/tmp/x',
      DATABASE_URL: 'postgres://u:p@db:5432/d',
      DATASHELF_ADMIN_KEY: 'a'.repeat(32),
      LOG_LEVEL: 'warn',
      DATASHELF_JWT_SECRET: 's'.repeat(40),
      DATASHELF_JWT_ALGORITHM: 'HS512',
      DATASHELF_JWT_TTL: '600',
      DATASHELF_SHUTDOWN_TIMEOUT: '5',
    });
    expect(config.jwt).toEqual({ secret: 's'.repeat(40), algorithm: 'HS512', ttlSeconds: 600 });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/tmp/x',
      databaseUrl: 'postgres://u:p@db:5432/d',
      adminKey: 'a'.repeat(32),
      logLevel: 'warn',
      shutdownTimeoutMs: 5000,
    });
  });

  it('reads the webhook settings', () => {
    const env = {
      DATASHELF_WEBHOOK_ALLOW_PRIVATE: 'on',
      DATASHELF_WEBHOOK_WORKER: 'false',
      DATASHELF_WEBHOOK_POLL_MS: '50',
      DATASHELF_WEBHOOK_RETRY_BASE_MS: '100',
    };
    expect(loadConfig(env).webhooks).toEqual({ allowPrivate: true, worker: false, pollMs: 50, retryBaseMs: 100 });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ DATABASE_URL: 'postgres://' + '%'.repeat(3) + ':x@' }, /DATABASE_URL/],
    [{ DATASHELF_ADMIN_KEY: 'short' }, /DATASHELF_ADMIN_KEY/],
    [{ HOST: '  ' }, /HOST/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ DATASHELF_JWT_SECRET: 'too-short' }, /DATASHELF_JWT_SECRET/],
    [{ DATASHELF_JWT_ALGORITHM: 'none' }, /DATASHELF_JWT_ALGORITHM/],
    [{ DATASHELF_JWT_TTL: '5' }, /DATASHELF_JWT_TTL/],
    [{ DATASHELF_RATE_LIMIT: '-1' }, /DATASHELF_RATE_LIMIT/],
    [{ DATASHELF_RATE_WINDOW: '0' }, /DATASHELF_RATE_WINDOW/],
    [{ DATASHELF_WEBHOOK_ALLOW_PRIVATE: 'maybe' }, /DATASHELF_WEBHOOK_ALLOW_PRIVATE must be true or false/],
    [{ DATASHELF_WEBHOOK_POLL_MS: '1' }, /DATASHELF_WEBHOOK_POLL_MS/],
    [{ DATASHELF_SHUTDOWN_TIMEOUT: '0' }, /DATASHELF_SHUTDOWN_TIMEOUT/],
  ])('refuses %o with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(message);
  });
});

describe('the JWT key', () => {
  it('is generated once, kept in the data dir readable only by its owner, and reused', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-jwt-'));
    const config = loadConfig({ DATASHELF_DATA_DIR: dir });
    const first = resolveJwtSecret(config);
    expect(first.length).toBeGreaterThanOrEqual(48);
    expect(fs.statSync(path.join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(resolveJwtSecret(config)).toBe(first);
    expect(resolveJwtSecret(loadConfig({ DATASHELF_DATA_DIR: dir, DATASHELF_JWT_SECRET: 'k'.repeat(32) }))).toBe('k'.repeat(32));
  });
});
