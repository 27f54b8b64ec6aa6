import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/http/app.js';
import { createServices } from '../src/domain/services.js';
import { openSqliteStore } from '../src/store/sqlite/open.js';

/**
 * Writes the OpenAPI document the server serves to openapi.json, the committed contract
 * the linters read and the TypeScript client's types are generated from. A test fails
 * when the two differ, so a change to a route schema comes with its contract.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-openapi-'));
const store = await openSqliteStore(path.join(dir, 'openapi.db'));
try {
  const jwt = { secret: 'openapi-document-only-0123456789abcdef', algorithm: 'HS256' as const, ttlSeconds: 60 };
  const app = await buildApp({ services: createServices(store, { jwt, rateLimit: { limit: 0, windowSeconds: 60 } }), logLevel: 'silent' });
  await app.ready();
  fs.writeFileSync(new URL('../openapi.json', import.meta.url), `${JSON.stringify(app.swagger(), null, 2)}\n`);
  await app.close();
} finally {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
