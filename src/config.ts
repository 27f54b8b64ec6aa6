import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LIMITS } from './model/limits.js';
import { ensurePrivateDir } from './store/private-dir.js';
import type { S3Settings } from './store/blobs/s3.js';

/** Everything datashelf reads from its environment, validated once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** A postgres:// URL switches the store from embedded SQLite to PostgreSQL. */
  databaseUrl: string | null;
  /** The bootstrap admin key; when null and none is stored, one is generated and printed once. */
  adminKey: string | null;
  logLevel: string;
  jwt: JwtConfig;
  rateLimit: { limit: number; windowSeconds: number };
  /** Proxies whose X-Forwarded-For gives the client address (for per-address limits): addresses / CIDRs, or a hop count. */
  trustProxy?: number | string[];
  webhooks: WebhookConfig;
  /** After how long without a sign of life an import's unfinished version is taken back out. */
  importStallSeconds: number;
  /** How long SIGTERM / SIGINT may take to drain in-flight requests before the process exits regardless. */
  shutdownTimeoutMs: number;
  attachments: AttachmentConfig;
}

export interface AttachmentConfig {
  /** The largest file one upload may store. */
  maxBytes: number;
  /** The most bytes of attachments one project may hold; 0: no quota. */
  quotaBytes: number;
  /** How long an attachment nothing names, and a blob no project holds, are kept before the collector removes them. */
  gcGraceSeconds: number;
  /** Blobs in an S3-compatible object store (DATASHELF_S3_BUCKET set), else under dataDir/blobs. */
  s3: S3Settings | null;
  /** This service's public URL, which signed attachment links begin with; null: links are paths (`/v1/…`). */
  publicUrl: string | null;
}

export interface WebhookConfig {
  /** Deliver to loopback and private addresses (a receiver on this machine or network). */
  allowPrivate: boolean;
  /** This instance works the outbox; off for instances that only serve the API. */
  worker: boolean;
  pollMs: number;
  retryBaseMs: number;
}

export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

export interface JwtConfig {
  /** HMAC key for the tokens of /v1/auth/token; null = generated once and kept in the data dir. */
  secret: string | null;
  /** The one algorithm tokens are signed with and accepted in. */
  algorithm: JwtAlgorithm;
  ttlSeconds: number;
}

export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: portFrom(env.PORT),
    host: nonEmpty('HOST', env.HOST) ?? '127.0.0.1',
    dataDir: path.resolve(nonEmpty('DATASHELF_DATA_DIR', env.DATASHELF_DATA_DIR) ?? './data'),
    databaseUrl: databaseUrlFrom(env.DATABASE_URL),
    adminKey: adminKeyFrom(env.DATASHELF_ADMIN_KEY),
    logLevel: logLevelFrom(env.LOG_LEVEL),
    jwt: {
      secret: jwtSecretFrom(env.DATASHELF_JWT_SECRET),
      algorithm: jwtAlgorithmFrom(env.DATASHELF_JWT_ALGORITHM),
      ttlSeconds: jwtTtlFrom(env.DATASHELF_JWT_TTL),
    },
    rateLimit: {
      limit: integerFrom('DATASHELF_RATE_LIMIT', env.DATASHELF_RATE_LIMIT, 1200, 0, 1_000_000),
      windowSeconds: integerFrom('DATASHELF_RATE_WINDOW', env.DATASHELF_RATE_WINDOW, 60, 1, 86_400),
    },
    trustProxy: trustProxyFrom(env.DATASHELF_TRUST_PROXY),
    webhooks: {
      allowPrivate: booleanFrom('DATASHELF_WEBHOOK_ALLOW_PRIVATE', env.DATASHELF_WEBHOOK_ALLOW_PRIVATE, false),
      worker: booleanFrom('DATASHELF_WEBHOOK_WORKER', env.DATASHELF_WEBHOOK_WORKER, true),
      pollMs: integerFrom('DATASHELF_WEBHOOK_POLL_MS', env.DATASHELF_WEBHOOK_POLL_MS, 1000, 10, 60_000),
      retryBaseMs: integerFrom('DATASHELF_WEBHOOK_RETRY_BASE_MS', env.DATASHELF_WEBHOOK_RETRY_BASE_MS, 5000, 10, 3_600_000),
    },
    importStallSeconds: integerFrom('DATASHELF_IMPORT_STALL_SECONDS', env.DATASHELF_IMPORT_STALL_SECONDS, 30, 5, 86_400),
    shutdownTimeoutMs: 1000 * integerFrom('DATASHELF_SHUTDOWN_TIMEOUT', env.DATASHELF_SHUTDOWN_TIMEOUT, 30, 1, 3600),
    attachments: {
      maxBytes: integerFrom(
        'DATASHELF_ATTACHMENT_MAX_BYTES',
        env.DATASHELF_ATTACHMENT_MAX_BYTES,
        LIMITS.attachmentBytesDefault,
        1,
        2 ** 50,
      ),
      quotaBytes: integerFrom('DATASHELF_ATTACHMENT_QUOTA_BYTES', env.DATASHELF_ATTACHMENT_QUOTA_BYTES, 0, 0, 2 ** 60),
      publicUrl: publicUrlFrom(env.DATASHELF_PUBLIC_URL),
      s3: s3From(env),
      gcGraceSeconds: integerFrom(
        'DATASHELF_ATTACHMENT_GC_GRACE_SECONDS',
        env.DATASHELF_ATTACHMENT_GC_GRACE_SECONDS,
        86_400,
        60,
        365 * 86_400,
      ),
    },
  };
}

const PROXY_KEYWORDS = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * `2` trusts the two proxies nearest the server; `10.0.0.0/8,loopback` trusts those
 * addresses. Trusting every address would let any client pick its own rate-limit bucket.
 */
function trustProxyFrom(value: string | undefined): number | string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return integerFrom('DATASHELF_TRUST_PROXY', value.trim(), 0, 1, 10);
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const address = /^[0-9a-fA-F.:]+(\/\d{1,3})?$/;
  const bad = entries.find((e) => !PROXY_KEYWORDS.includes(e) && !address.test(e));
  if (bad !== undefined) {
    throw new ConfigError(
      `DATASHELF_TRUST_PROXY must be a hop count (1 to 10) or a comma-separated list of addresses, CIDRs, ${PROXY_KEYWORDS.join(', ')}; got "${bad}"`,
    );
  }
  return entries;
}

/** The object store's settings; credentials from the SDK's own chain (environment, profile, role) unless both keys are set. */
function s3From(env: NodeJS.ProcessEnv): S3Settings | null {
  const bucket = nonEmpty('DATASHELF_S3_BUCKET', env.DATASHELF_S3_BUCKET);
  if (bucket === undefined) return null;
  const endpoint = nonEmpty('DATASHELF_S3_ENDPOINT', env.DATASHELF_S3_ENDPOINT);
  if (endpoint !== undefined && !/^https?:\/\//.test(endpoint)) throw new ConfigError('DATASHELF_S3_ENDPOINT must be an http(s) URL');
  const accessKeyId = nonEmpty('DATASHELF_S3_ACCESS_KEY_ID', env.DATASHELF_S3_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty('DATASHELF_S3_SECRET_ACCESS_KEY', env.DATASHELF_S3_SECRET_ACCESS_KEY);
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined))
    throw new ConfigError('set both DATASHELF_S3_ACCESS_KEY_ID and DATASHELF_S3_SECRET_ACCESS_KEY, or neither');
  return {
    bucket,
    prefix: env.DATASHELF_S3_PREFIX ?? 'datashelf/',
    region: nonEmpty('DATASHELF_S3_REGION', env.DATASHELF_S3_REGION) ?? 'us-east-1',
    ...(endpoint && { endpoint }),
    ...(accessKeyId && secretAccessKey && { credentials: { accessKeyId, secretAccessKey } }),
  };
}

function publicUrlFrom(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`DATASHELF_PUBLIC_URL must be an http(s) URL, got "${value}"`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash)
    throw new ConfigError(`DATASHELF_PUBLIC_URL must be an http(s) URL without query or fragment, got "${value}"`);
  return value.replace(/\/+$/, '');
}

function nonEmpty(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new ConfigError(`${name} is set but empty`);
  return value.trim();
}

function portFrom(value: string | undefined): number {
  if (value === undefined || value === '') return 8080;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer from 0 to 65535, got "${value}"`);
  }
  return port;
}

function databaseUrlFrom(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (!/^postgres(ql)?:\/\//.test(value)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  try {
    new URL(value);
  } catch {
    throw new ConfigError('DATABASE_URL is not a valid URL');
  }
  return value;
}

function adminKeyFrom(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (value.length < 24 || value.length > 256 || /\s/.test(value)) {
    throw new ConfigError('DATASHELF_ADMIN_KEY must be 24 to 256 characters without spaces');
  }
  return value;
}

function logLevelFrom(value: string | undefined): string {
  if (value === undefined || value === '') return 'info';
  if (!LOG_LEVELS.includes(value)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  }
  return value;
}

function integerFrom(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

function booleanFrom(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (['1', 'true', 'on', 'yes'].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'off', 'no'].includes(value.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false (1/0, on/off), got "${value}"`);
}

function jwtSecretFrom(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (value.length < 32) throw new ConfigError('DATASHELF_JWT_SECRET must be at least 32 characters');
  return value;
}

function jwtAlgorithmFrom(value: string | undefined): JwtAlgorithm {
  if (value === undefined || value === '') return 'HS256';
  if (!(JWT_ALGORITHMS as readonly string[]).includes(value)) {
    throw new ConfigError(`DATASHELF_JWT_ALGORITHM must be one of ${JWT_ALGORITHMS.join(', ')}`);
  }
  return value as JwtAlgorithm;
}

function jwtTtlFrom(value: string | undefined): number {
  if (value === undefined || value === '') return 3600;
  const ttl = Number(value);
  if (!Number.isInteger(ttl) || ttl < 30 || ttl > 86_400) {
    throw new ConfigError(`DATASHELF_JWT_TTL must be a whole number of seconds from 30 to 86400, got "${value}"`);
  }
  return ttl;
}

/** The JWT key: the configured one, else one generated on first start and kept (mode 600) in the data dir. */
export function resolveJwtSecret(config: Config): string {
  if (config.jwt.secret) return config.jwt.secret;
  const file = path.join(config.dataDir, 'jwt-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  ensurePrivateDir(config.dataDir);
  const secret = randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}
