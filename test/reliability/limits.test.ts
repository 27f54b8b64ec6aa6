import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/raw-http.js';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/** Limit probes: body sizes with and without a length, media types and charsets, query strings; concurrent retries. */

const server = useServer();
let p: ProjectKeys;

beforeAll(async () => {
  p = await server.project('limits');
});

const datasetNames = async () =>
  (await server.request('GET', '/v1/datasets?limit=1000', { key: p.read })).body.data.map((d: any) => d.name);

/** A POST whose body is streamed in chunks with no Content-Length (chunked transfer encoding). */
async function chunkedPost(path: string, type: string, chunks: Iterable<string>): Promise<{ status: number; body: any }> {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${p.write}`, 'content-type': type },
    body: Readable.toWeb(Readable.from(chunks)) as ReadableStream,
    duplex: 'half',
  });
  return { status: res.status, body: await res.json() };
}

describe(`limit probes (${DIALECT})`, () => {
  it('refuses a JSON body over 32 MiB with 413, with or without a Content-Length, storing nothing', async () => {
    const padding = 'x'.repeat(1024 * 1024);
    const declared = await rawRequest(
      server.url,
      `POST /v1/datasets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${p.write}\r\nContent-Type: application/json\r\nContent-Length: ${33 * 1024 * 1024}\r\nConnection: close\r\n\r\n{"name":"big"`,
    );
    expect(declared[0].status).toBe(413);
    expect(JSON.parse(declared[0].body)).toMatchObject({ code: 'payload_too_large' });
    function* stream() {
      yield '{"name":"big-chunked","metadata":{"pad":"';
      for (let i = 0; i < 34; i++) yield padding;
      yield '"}}';
    }
    const chunked = await chunkedPost('/v1/datasets', 'application/json', stream());
    expect(chunked.status).toBe(413);
    expect(chunked.body.code).toBe('payload_too_large');
    expect(await datasetNames()).not.toContain('big-chunked');
  });

  it('refuses an NDJSON line over 1 MiB in a chunked stream, storing none of it', async () => {
    const ds = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'ndjson-chunked' } })).body;
    function* lines() {
      for (let i = 0; i < 1000; i++) yield `{"input":${i}}\n`;
      yield `{"input":"${'y'.repeat(1024 * 1024)}"}\n`;
    }
    const res = await chunkedPost(`/v1/datasets/${ds.id}/versions`, 'application/x-ndjson', lines());
    expect(res.status).toBe(413);
    expect(res.body.detail).toContain('line 1001');
    expect((await server.request('GET', `/v1/datasets/${ds.id}`, { key: p.read })).body.head_version).toBe(0);
  });

  it('answers media types it does not take with 415, and JSON in another charset too', async () => {
    for (const type of [
      'text/plain',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
      'application/x-ndjson; charset=utf-16',
    ]) {
      const res = await server.request('POST', '/v1/datasets', { key: p.write, raw: { type, data: '{"name":"typed"}' } });
      expect(res.status, type).toBe(415);
      expect(res.body.code, type).toBe('unsupported_media_type');
    }
    expect(
      (
        await server.request('POST', '/v1/datasets', {
          key: p.write,
          raw: { type: 'application/json; charset=UTF-8', data: '{"name":"typed"}' },
        })
      ).status,
    ).toBe(201);
    expect((await server.request('POST', '/v1/datasets', { key: p.write, raw: { type: 'application/json', data: '' } })).status).toBe(400);
  });

  it('refuses malformed query strings on /v1 and takes repeated names as lists where a list is meant', async () => {
    const bad = await server.request('GET', '/v1/datasets?search=%E2%82', { key: p.read });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('percent-escapes');
    expect((await server.request('GET', '/v1/datasets?limit=0', { key: p.read })).status).toBe(422);
    expect((await server.request('GET', '/v1/datasets?limit=1001', { key: p.read })).status).toBe(422);
  });
});

describe(`idempotency under load (${DIALECT})`, () => {
  it('does the work once when 20 retries of a commit arrive together', async () => {
    const ds = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'twenty' } })).body;
    const body = { message: 'once', add: Array.from({ length: 500 }, (_, i) => ({ input: i })) };
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        server.request('POST', `/v1/datasets/${ds.id}/versions`, { key: p.write, body, headers: { 'idempotency-key': 'twenty-at-once' } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    const stored = (await server.request('GET', `/v1/datasets/${ds.id}`, { key: p.read })).body;
    expect(stored).toMatchObject({ head_version: 1, datapoint_count: 500 });
  });

  it('creates one dataset for 20 concurrent retries of its creation', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        server.request('POST', '/v1/datasets', {
          key: p.write,
          body: { name: 'created-once' },
          headers: { 'idempotency-key': 'create-20' },
        }),
      ),
    );
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect((await datasetNames()).filter((n: string) => n === 'created-once')).toHaveLength(1);
  });
});
