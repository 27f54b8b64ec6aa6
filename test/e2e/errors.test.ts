import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;

beforeAll(async () => {
  p = await server.project('errors');
});

const raw = (method: string, path: string, type: string, data: string) =>
  server.request(method, path, { key: p.write, raw: { type, data } });

function expectProblem(res: { status: number; headers: Headers; body: any }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({
    type: `urn:datashelf:problem:${code}`,
    title: expect.any(String),
    status,
    detail: expect.any(String),
    code,
  });
}

describe(`errors and limits (${DIALECT})`, () => {
  it('answers a known /v1 path with a method it lacks with 405, naming the methods it has in Allow', async () => {
    const res = await server.request('PUT', '/v1/datasets/00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')?.split(/,\s*/).sort()).toEqual(['DELETE', 'GET', 'HEAD', 'PATCH']);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 405, code: 'method_not_allowed' });
    expect((await server.request('PUT', '/v1/no-such-thing')).status).toBe(404);
  });

  it('answers malformed JSON, wrong media types and empty bodies with clear 4xx', async () => {
    expectProblem(await raw('POST', '/v1/datasets', 'application/json', '{"name": '), 400, 'bad_request');
    expectProblem(await raw('POST', '/v1/datasets', 'application/json', ''), 400, 'bad_request');
    expectProblem(await raw('POST', '/v1/datasets', 'text/plain', 'name=x'), 415, 'unsupported_media_type');
    expectProblem(await raw('POST', '/v1/datasets', 'application/json', '{"__proto__": {"x": 1}, "name": "p"}'), 400, 'bad_request');
    expectProblem(await raw('POST', '/v1/datasets', 'application/json', '[1,2,3]'), 422, 'validation_failed');
  });

  it('refuses bodies over the size limit with 413 and stores nothing', async () => {
    const huge = JSON.stringify({ name: 'big', metadata: { blob: 'x'.repeat(33 * 1024 * 1024) } });
    expectProblem(await raw('POST', '/v1/datasets', 'application/json', huge), 413, 'payload_too_large');
    const ds = await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'ndjson-limits' } });
    const longLine = JSON.stringify({ input: 'y'.repeat(1024 * 1024 + 10) });
    const res = await raw('POST', `/v1/datasets/${ds.body.id}/versions`, 'application/x-ndjson', `{"input":1}\n${longLine}\n`);
    expectProblem(res, 413, 'payload_too_large');
    expect(res.body.detail).toContain('line 2');
    const list = await server.request('GET', '/v1/datasets?search=big', { key: p.read });
    expect(list.body.data).toEqual([]);
    expect((await server.request('GET', `/v1/datasets/${ds.body.id}`, { key: p.read })).body.head_version).toBe(0);
  });

  it('answers unknown routes and bad ids as problems, never as 500', async () => {
    expectProblem(await server.request('GET', '/v1/nothing-here', { key: p.read }), 404, 'not_found');
    expectProblem(await server.request('GET', '/v1/datasets/not-a-uuid', { key: p.read }), 422, 'validation_failed');
    expectProblem(
      await server.request('GET', '/v1/datasets/00000000-0000-4000-8000-000000000000/datapoints?limit=abc', { key: p.read }),
      422,
      'validation_failed',
    );
    expectProblem(await server.request('GET', `/v1/datasets?cursor=${'%FF'.repeat(10)}`, { key: p.read }), 400, 'bad_request');
  });

  it('survives a barrage of odd inputs without a single 500', async () => {
    const ds = await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'fuzz' } });
    const bodies = [
      'null',
      'true',
      '"str"',
      '{"add": null}',
      '{"add": [null]}',
      '{"add": "x"}',
      '{"update": [{}]}',
      '{"delete": [1]}',
      '{"base_version": "1", "add": [{}]}',
      '{"base_version": 1.5, "add": [{}]}',
      '{"add": [{"tags": [1]}]}',
      '{"add": [{"metadata": []}]}',
      '{"add": [{"order": 1e300}]}',
      '{"message": {"a": 1}, "add": [{}]}',
      '\u0000',
      '{"add":[{"tags":["\\ud800"]}]}',
    ];
    for (const body of bodies) {
      const res = await raw('POST', `/v1/datasets/${ds.body.id}/versions`, 'application/json', body);
      expect(res.status, body).toBeGreaterThanOrEqual(400);
      expect(res.status, body).toBeLessThan(500);
    }
    for (const line of ['null', '1', '"x"', '{"order": -5}', '{"agent": "nope"}']) {
      const res = await raw('POST', `/v1/datasets/${ds.body.id}/versions`, 'application/x-ndjson', line);
      expect(res.status, line).toBe(422);
    }
  });
});
