import { beforeAll, describe, expect, it } from 'vitest';
import { rawConnection, rawRequest } from '../helpers/raw-http.js';
import { ADMIN_KEY, fixedClock, makeProject, type ProjectKeys, startServer, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * The defects a probe of datashelf found (issue 10), one test each; every one of these
 * failed before its fix.
 */

const server = useServer();
let p: ProjectKeys;

beforeAll(async () => {
  p = await server.project('defects');
});

const keysPath = () => `/v1/namespaces/${p.ns}/projects/${p.project}/api-keys`;
const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe(`issue 10: security defects (${DIALECT})`, () => {
  it('1. serves an idempotent replay only to the credential that made the first request', async () => {
    const body = { name: 'deploy', role: 'admin' };
    const first = await server.request('POST', keysPath(), { key: p.admin, body, headers: { 'idempotency-key': 'same' } });
    expect(first.status).toBe(201);
    const borrowed = await server.request('POST', keysPath(), { key: p.write, body, headers: { 'idempotency-key': 'same' } });
    expect(borrowed.status).toBe(403);
    expect(borrowed.text).not.toContain(first.body.key);

    const writeToken = await server.request('POST', '/v1/auth/token', { key: p.write, headers: { 'idempotency-key': 'tok' } });
    const readToken = await server.request('POST', '/v1/auth/token', { key: p.read, headers: { 'idempotency-key': 'tok' } });
    expect(readToken.status).toBe(200);
    expect(claims(readToken.body.access_token).role).toBe('read');
    expect(readToken.body.access_token).not.toBe(writeToken.body.access_token);
  });

  it('2. never keeps a secret for replays: a retry of a key creation answers 409', async () => {
    const body = { name: 'once' };
    const first = await server.request('POST', keysPath(), { key: p.admin, body, headers: { 'idempotency-key': 'secret-once' } });
    expect(first.status).toBe(201);
    const retry = await server.request('POST', keysPath(), { key: p.admin, body, headers: { 'idempotency-key': 'secret-once' } });
    expect(retry.status).toBe(409);
    expect(retry.body.code).toBe('idempotency_secret_not_replayable');
    expect(retry.text).not.toContain(first.body.key);
    const token = await server.request('POST', '/v1/auth/token', { key: p.read, headers: { 'idempotency-key': 'secret-token' } });
    const again = await server.request('POST', '/v1/auth/token', { key: p.read, headers: { 'idempotency-key': 'secret-token' } });
    expect(again.status).toBe(409);
    const stored = await server.store.db.selectFrom('idempotency_keys').selectAll().execute();
    const everything = JSON.stringify(stored);
    expect(everything).not.toContain(first.body.key);
    expect(everything).not.toContain(token.body.access_token);
    // The work was done once: one key named "once".
    const keys = await server.request('GET', `${keysPath()}?limit=1000`, { key: p.admin });
    expect(keys.body.data.filter((k: any) => k.name === 'once')).toHaveLength(1);
  });

  it('4. refuses JSON nested past 128 levels with a 4xx naming the limit, on every JSON write route', async () => {
    const res = await server.request('POST', '/v1/datasets', {
      key: p.write,
      raw: { type: 'application/json', data: `{"name":"deep","metadata":{"a":${deep(5000)}}}` },
    });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('deeper than 128 levels');
    const fine = await server.request('POST', '/v1/datasets', {
      key: p.write,
      raw: { type: 'application/json', data: `{"name":"deep-ok","metadata":{"a":${deep(126)}}}` },
    });
    expect(fine.status).toBe(201);

    const spec = (await server.request('GET', '/openapi.json', { key: null })).body;
    const token = (await server.request('POST', '/v1/auth/token', { key: p.admin })).body.access_token;
    let probed = 0;
    for (const [path, methods] of Object.entries(spec.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(methods)) {
        if (!op.requestBody?.content?.['application/json']) continue;
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        const key = path.startsWith('/compat/spaces') ? token : p.admin;
        const sent = await server.request(method.toUpperCase(), url, {
          key,
          raw: { type: 'application/json', data: `{"name":${deep(5000)}}` },
        });
        expect(sent.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
        expect(sent.status, `${method} ${path}`).toBeLessThan(500);
        probed++;
      }
    }
    expect(probed).toBeGreaterThan(20);
  });

  it('5. refuses U+0000 in paths, queries and bodies with a 4xx on every store', async () => {
    const container = await server.request('POST', '/v1/containers', { key: p.write, body: { label: 'nul' } });
    const collection = await server.request('POST', '/v1/collections', { key: p.write, body: { name: 'nul' } });
    const attempts = [
      await server.request('GET', '/v1/containers/%00', { key: p.read }),
      await server.request('GET', '/v1/datasets?search=%00', { key: p.read }),
      await server.request('POST', '/v1/metrics', { key: p.write, body: { name: '\u0000' } }),
      await server.request('POST', `/v1/collections/${collection.body.id}/members`, { key: p.write, body: { members: ['a\u0000b'] } }),
      await server.request('GET', '/compat/gateway/v1/datasets?container=%00', { key: p.read }),
      await server.request('POST', `/v1/containers/${container.body.id}/events`, {
        key: p.write,
        body: [{ model_name: 'm', status: 'ok', input: 'x', output: 'y', attributes: { k: 'v\u0000' } }],
      }),
      await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'n', metadata: { 'k\u0000': 1 } } }),
    ];
    for (const res of attempts) {
      expect(res.status, res.text).toBeGreaterThanOrEqual(400);
      expect(res.status, res.text).toBeLessThan(500);
    }
    expect(attempts[0].body.detail).toContain('U+0000');
    expect((await server.request('GET', '/v1/metrics', { key: p.read })).body.data).toEqual([]);
    expect((await server.request('GET', `/v1/collections/${collection.body.id}`, { key: p.read })).body.member_count).toBe(0);
  });

  it('6. refuses lone surrogates in names, descriptions and metadata, storing nothing', async () => {
    for (const body of [{ name: 'a\ud800b' }, { name: 'ok-1', description: 'x\udc00' }, { name: 'ok-2', metadata: { k: 'v\ud800' } }]) {
      const res = await server.request('POST', '/v1/datasets', { key: p.write, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.detail).toContain('lone UTF-16 surrogate');
    }
    const list = await server.request('GET', '/v1/datasets?limit=1000', { key: p.read });
    expect(list.body.data.map((d: any) => d.name)).not.toContain('ok-1');
    expect(list.body.data.map((d: any) => d.name)).not.toContain('ok-2');
    // Bytes that are not UTF-8 are refused, not replaced with U+FFFD.
    const body = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff]), Buffer.from('"}')]);
    const head = `POST /v1/datasets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${p.write}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    const [bytes] = await rawRequest(server.url, Buffer.concat([Buffer.from(head), body]));
    expect(bytes.status).toBe(400);
    expect(JSON.parse(bytes.body).detail).toContain('not valid UTF-8');
  });

  it("8. lets only the instance admin, or the user's own key, create a key bound to a user", async () => {
    const owner = (await server.request('POST', '/v1/users', { body: { email: 'owner@elsewhere.test' } })).body;
    expect((await server.request('POST', `/v1/namespaces/${p.ns}/members`, { body: { user_id: owner.id, role: 'viewer' } })).status).toBe(
      201,
    );
    const borrowed = await server.request('POST', keysPath(), { key: p.admin, body: { name: 'borrow', role: 'admin', user_id: owner.id } });
    expect(borrowed.status).toBe(403);
    const own = await server.request('POST', keysPath(), { key: ADMIN_KEY, body: { name: 'owner', role: 'admin', user_id: owner.id } });
    expect(own.status).toBe(201);
    const byTheUser = await server.request('POST', keysPath(), {
      key: own.body.key,
      body: { name: 'owner-2', role: 'read', user_id: owner.id },
    });
    expect(byTheUser.status).toBe(201);
    const stranger = (await server.request('POST', '/v1/users', { body: { email: 'stranger@elsewhere.test' } })).body;
    expect((await server.request('POST', keysPath(), { key: ADMIN_KEY, body: { name: 'x', user_id: stranger.id } })).status).toBe(422);
  });

  it("9. answers 414 and 431 in the surface's envelope", async () => {
    const longParam = `/v1/datasets/${'a'.repeat(3000)}`;
    const [param] = await rawRequest(
      server.url,
      `GET ${longParam} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${p.read}\r\nConnection: close\r\n\r\n`,
    );
    expect(param.status).toBe(414);
    expect(param.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(param.body)).toMatchObject({ status: 414, code: 'uri_too_long' });

    const [versioned] = await rawRequest(
      server.url,
      `GET /compat/versioned/api/datasets/${'a'.repeat(3000)}/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    );
    expect(versioned.status).toBe(414);
    expect(JSON.parse(versioned.body)).toEqual({ detail: 'Request-URI Too Long.' });

    const [uri] = await rawRequest(server.url, `GET /v1/datasets?search=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(uri.status).toBe(414);
    expect(JSON.parse(uri.body)).toMatchObject({ code: 'uri_too_long' });

    const [headers] = await rawRequest(
      server.url,
      `GET /compat/robotics/v1/datasets/list HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
    );
    expect(headers.status).toBe(431);
    expect(JSON.parse(headers.body)).toEqual({ detail: 'Request Header Fields Too Large' });
  });
});

describe(`issue 10: limits and shutdown (${DIALECT})`, () => {
  it('7. limits a flood of made-up keys per client address, at one key lookup each', async () => {
    let keyLookups = 0;
    const limited = await startServer({
      rateLimit: { limit: 10, windowSeconds: 3600 },
      clock: fixedClock(),
      onQuery: (sql) => (keyLookups += /from "api_keys"/.test(sql) ? 1 : 0),
    });
    try {
      keyLookups = 0;
      const statuses: number[] = [];
      for (let i = 0; i < 300; i++) statuses.push((await limited.request('GET', '/v1/datasets', { key: `ds_made-up-${i}` })).status);
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses.slice(10)).toEqual(Array(290).fill(429));
      // A valid key from this address must still get in (issue 24), so each is looked up; none twice.
      expect(keyLookups).toBeLessThanOrEqual(300);
      const none = await limited.request('GET', '/v1/datasets', { key: null });
      expect(none.status).toBe(429);
      expect(none.headers.get('retry-after')).toEqual(expect.any(String));
    } finally {
      await limited.close();
    }
  });

  it('7. counts a token against the key that minted it, not per token', async () => {
    const limited = await startServer({ rateLimit: { limit: 12, windowSeconds: 3600 }, clock: fixedClock() });
    try {
      const q = await makeProject(limited);
      const tokens = [];
      for (let i = 0; i < 2; i++) tokens.push((await limited.request('POST', '/v1/auth/token', { key: q.read })).body.access_token);
      const base = `/compat/spaces/namespaces/${q.ns}/projects/${q.project}/datasets`;
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await limited.request('GET', base, { key: tokens[i % 2] })).status);
      // Two token requests, then ten of twelve reads fit the key's budget of twelve.
      expect(statuses.filter((s) => s === 200)).toHaveLength(10);
      expect(statuses.slice(10)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('9. answers requests that arrive while shutting down with 503 in the envelope, finishing those in flight', async () => {
    const own = await startServer();
    const q = await makeProject(own);
    const ds = (await own.request('POST', '/v1/datasets', { key: q.write, body: { name: 'drain' } })).body;
    const connection = rawConnection(own.url);
    await connection.connected;
    const head = (length: number) =>
      `POST /v1/datasets/${ds.id}/versions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${q.write}\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${length}\r\n\r\n`;
    const lines = '{"input":1}\n{"input":2}\n';
    const accepted = new Promise((resolve) => own.app.server.once('request', resolve));
    await connection.write(head(lines.length) + lines.slice(0, 12));
    await accepted;
    // The upload is in flight; shutdown starts; the rest arrives with a second request behind it.
    const closing = own.app.close();
    await connection.write(lines.slice(12) + `GET /v1/datasets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${q.read}\r\n\r\n`);
    const [upload, late] = await connection.responses(2);
    await closing;
    await own.store.close();
    expect(upload.status).toBe(201);
    expect(JSON.parse(upload.body)).toMatchObject({ version: 1, added: 2 });
    expect(late.status).toBe(503);
    expect(late.headers['content-type']).toContain('application/problem+json');
    expect(late.headers['retry-after']).toBe('5');
    expect(JSON.parse(late.body)).toMatchObject({ status: 503, code: 'unavailable' });
  });
});
