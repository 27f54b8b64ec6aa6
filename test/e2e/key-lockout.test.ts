import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, fixedClock, makeProject, startServer, type TestServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const LIMIT = 40;

async function statuses(server: TestServer, count: number, key: (i: number) => string | null, path = '/v1/datasets'): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) seen.push((await server.request('GET', path, { key: key(i) })).status);
  return seen;
}

const madeUp = (i: number) => `ds_made-up-${i}`;

describe(`issue 24.2: valid keys are never locked out by others' failures (${DIALECT})`, () => {
  it("serves a valid key from an address over its limit, counting it against the key's own budget", async () => {
    const server = await startServer({ rateLimit: { limit: LIMIT, windowSeconds: 3600 }, clock: fixedClock() });
    try {
      const p = await makeProject(server);
      expect(await statuses(server, LIMIT + 1, madeUp)).toEqual([...Array(LIMIT).fill(401), 429]);

      const admin = await server.request('GET', '/v1/namespaces', { key: ADMIN_KEY });
      expect(admin.status).toBe(200);
      // makeProject made 5 requests with the admin key: this is its 6th.
      expect(admin.headers.get('x-ratelimit-remaining')).toBe(String(LIMIT - 6));
      const read = await server.request('GET', '/v1/datasets', { key: p.read });
      expect(read.status).toBe(200);
      expect(read.headers.get('x-ratelimit-remaining')).toBe(String(LIMIT - 1));

      expect(await statuses(server, 3, (i) => madeUp(100 + i))).toEqual([429, 429, 429]);
      expect(await statuses(server, 2, () => null)).toEqual([429, 429]);

      // The read key's own counter is what limits it: 39 more fit, the next is refused.
      expect(await statuses(server, LIMIT, () => p.read)).toEqual([...Array(LIMIT - 1).fill(200), 429]);
      expect((await server.request('GET', '/v1/datasets', { key: p.write })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('serves a valid token from an address over its limit', async () => {
    const server = await startServer({ rateLimit: { limit: LIMIT, windowSeconds: 3600 }, clock: fixedClock() });
    try {
      const p = await makeProject(server);
      const token = (await server.request('POST', '/v1/auth/token', { key: p.read })).body.access_token as string;
      const spaces = `/compat/spaces/namespaces/${p.ns}/projects/${p.project}/datasets`;
      const forged = (i: number) => `${token.slice(0, -4)}${String(i).padStart(4, '0')}`;
      expect(await statuses(server, LIMIT + 1, forged, spaces)).toEqual([...Array(LIMIT).fill(401), 429]);
      expect((await server.request('GET', spaces, { key: token })).status).toBe(200);
      expect((await server.request('GET', spaces, { key: forged(99) })).status).toBe(429);
    } finally {
      await server.close();
    }
  });

  it('limits requests without a credential per address, in the same budget as failed ones', async () => {
    const server = await startServer({ rateLimit: { limit: LIMIT, windowSeconds: 3600 }, clock: fixedClock() });
    try {
      const none = await statuses(server, LIMIT / 2, () => null);
      const bad = await statuses(server, LIMIT / 2, madeUp);
      expect([...none, ...bad]).toEqual(Array(LIMIT).fill(401));
      const over = await server.request('GET', '/v1/datasets', { key: null });
      expect(over.status).toBe(429);
      expect(over.headers.get('retry-after')).toEqual(expect.any(String));
      expect((await server.request('GET', '/v1/datasets', { key: madeUp(LIMIT) })).status).toBe(429);
      expect((await server.request('GET', '/v1/namespaces', { key: ADMIN_KEY })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
