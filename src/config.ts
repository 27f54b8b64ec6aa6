import path from 'node:path';

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
  };
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
