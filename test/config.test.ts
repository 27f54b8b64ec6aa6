import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('has working defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 8080, host: '127.0.0.1', dataDir: path.resolve('./data'), databaseUrl: null, adminKey: null, logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000', HOST: '0.0.0.0', DATASHELF_DATA_DIR: '/tmp/x', DATABASE_URL: 'postgres://u:p@db:5432/d',
      DATASHELF_ADMIN_KEY: 'a'.repeat(32), LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({ port: 9000, host: '0.0.0.0', dataDir: '/tmp/x', databaseUrl: 'postgres://u:p@db:5432/d', adminKey: 'a'.repeat(32), logLevel: 'warn' });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ DATABASE_URL: 'postgres://' + '%'.repeat(3) + ':x@' }, /DATABASE_URL/],
    [{ DATASHELF_ADMIN_KEY: 'short' }, /DATASHELF_ADMIN_KEY/],
    [{ HOST: '  ' }, /HOST/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ])('refuses %o with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(message);
  });
});
