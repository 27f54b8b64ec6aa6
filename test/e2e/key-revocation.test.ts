import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { createServices } from '../../src/domain/services.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import { LIMITS } from '../../src/model/limits.js';
import { makeProject, NO_RATE_LIMIT, startServer, TEST_JWT, type TestServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * A second datashelf instance on the first one's store: on PostgreSQL its own pool on
 * the same schema, as a second process would have; the embedded store serves one
 * process, so there it is a second set of services (and key cache) over the same store.
 */
async function secondInstance(first: TestServer) {
  const address = DIALECT === 'postgres' ? first.store.share().address : null;
  const store =
    address?.kind === 'postgres' ? await openPostgresStore(address.url, { schema: address.schema, migrate: false }) : first.store;
  const app = await buildApp({ services: createServices(store, { jwt: TEST_JWT, rateLimit: NO_RATE_LIMIT }), logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    status: async (path: string, credential: string) =>
      (await fetch(url + path, { headers: { authorization: `Bearer ${credential}` } })).status,
    close: async () => {
      await app.close();
      if (store !== first.store) await store.close();
    },
  };
}

/** Asks until the answer is no longer 200, for at most `capMs`; the last status. */
async function pollWhileAccepted(ask: () => Promise<number>, capMs: number): Promise<number> {
  const deadline = Date.now() + capMs;
  let status = await ask();
  while (status === 200 && Date.now() < deadline) status = await ask();
  return status;
}

describe(`revoking a key (${DIALECT})`, () => {
  it('ends the tokens minted for it at once', async () => {
    const server = await startServer();
    try {
      const p = await makeProject(server);
      const key = (
        await server.request('POST', `/v1/namespaces/${p.ns}/projects/${p.project}/api-keys`, { body: { name: 'k', role: 'read' } })
      ).body;
      const token = (await server.request('POST', '/v1/auth/token', { key: key.key })).body.access_token;
      const spaces = `/compat/spaces/namespaces/${p.ns}/projects/${p.project}/datasets`;
      expect((await server.request('GET', spaces, { key: token })).status).toBe(200);
      expect((await server.request('DELETE', `/v1/namespaces/${p.ns}/projects/${p.project}/api-keys/${key.id}`)).status).toBe(204);
      const refused = await server.request('GET', spaces, { key: token });
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({ error: 'The API key this token was issued for has been revoked', code: 'UNAUTHORIZED' });
      expect((await server.request('GET', '/v1/datasets', { key: key.key })).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it(`reaches another instance within ${LIMITS.keyCacheStaleMs} ms, for the key and its tokens`, async () => {
    const first = await startServer();
    const second = await secondInstance(first);
    try {
      const p = await makeProject(first);
      const key = (
        await first.request('POST', `/v1/namespaces/${p.ns}/projects/${p.project}/api-keys`, { body: { name: 'k', role: 'read' } })
      ).body;
      const token = (await first.request('POST', '/v1/auth/token', { key: key.key })).body.access_token;
      const spaces = `/compat/spaces/namespaces/${p.ns}/projects/${p.project}/datasets`;
      // The second instance knows the key and the token's key (both cached), right up to the revocation.
      expect(await second.status('/v1/datasets', key.key)).toBe(200);
      expect(await second.status(spaces, token)).toBe(200);
      const revoked = await first.request('DELETE', `/v1/namespaces/${p.ns}/projects/${p.project}/api-keys/${key.id}`);
      expect(revoked.status).toBe(204);
      expect((await first.request('GET', '/v1/datasets', { key: key.key })).status).toBe(401);

      const cap = 2 * LIMITS.keyCacheStaleMs;
      const [byKey, byToken] = await Promise.all([
        pollWhileAccepted(() => second.status('/v1/datasets', key.key), cap),
        pollWhileAccepted(() => second.status(spaces, token), cap),
      ]);
      expect(byKey).toBe(401);
      expect(byToken).toBe(401);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
