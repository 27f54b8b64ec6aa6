import { beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/raw-http.js';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * The compat surfaces read requests as their originals' frameworks do: Django REST
 * Framework with django-filter (/compat/versioned), FastAPI with pydantic v2 (robotics,
 * evals, gateway). A client cannot tell them apart by how a request is parsed.
 */

const server = useServer();
let p: ProjectKeys;
const AGENT = '8d7e6f5a-4b3c-4d2e-9f1a-0b9c8d7e6f5a';
let dataset: string;

beforeAll(async () => {
  p = await server.project('parsing');
  const datapoints = Array.from({ length: 250 }, (_, i) => ({
    input: i,
    expected_output: i,
    agent: i % 2 ? AGENT : null,
    generator_model: i % 5 ? 'gpt' : 'llama',
    source: 'seed',
  }));
  dataset = (await server.request('POST', '/compat/versioned/api/datasets/', { key: p.write, body: { name: 'parsed', datapoints } })).body
    .id;
  await server.request('POST', '/compat/versioned/api/datasets/', {
    key: p.write,
    body: { name: 'parsed', datapoints: datapoints.slice(0, 10) },
  });
});

const versioned = (query: string) =>
  server.request('GET', `/compat/versioned/api/datasets/${dataset}/datapoints/${query}`, { key: p.read });
const inputs = (res: { body: any }) => res.body.results.map((d: any) => d.input);

describe(`/compat/versioned reads requests as DRF and django-filter do (${DIALECT})`, () => {
  it('ignores an empty filter value, as django-filter does', async () => {
    const all = await versioned('?version=1');
    for (const empty of ['generator_model=', 'agent=', 'source=', 'version_min=', 'version_max=', 'ordering=', 'generator_model=%20%20']) {
      const res = await versioned(`?version=1&${empty}`);
      expect(res.status, empty).toBe(200);
      expect(res.body.count, empty).toBe(all.body.count);
    }
  });

  it('reads a uuid in any case and with or without hyphens, as UUIDField does', async () => {
    const expected = (await versioned(`?version=1&agent=${AGENT}`)).body.count;
    expect(expected).toBe(125);
    for (const form of [AGENT.toUpperCase(), AGENT.replace(/-/g, ''), `{${AGENT}}`, `urn:uuid:${AGENT}`]) {
      expect((await versioned(`?version=1&agent=${encodeURIComponent(form)}`)).body.count, form).toBe(expected);
    }
    expect(await versioned('?agent=nope')).toMatchObject({ status: 400, body: { agent: ['Enter a valid UUID.'] } });
  });

  it('takes the last value of a repeated parameter', async () => {
    const third = await versioned('?version=1&page=2&page=3');
    expect(third.status).toBe(200);
    expect(inputs(third)[0]).toBe(200);
    expect((await versioned('?version=2&version=1')).body.count).toBe(250);
  });

  it('numbers pages as DRF does: last, empty, signs and spaces, and Invalid page. otherwise', async () => {
    expect(inputs(await versioned('?version=1&page=last'))).toEqual(Array.from({ length: 50 }, (_, i) => 200 + i));
    expect(inputs(await versioned('?version=1&page='))[0]).toBe(0);
    expect(inputs(await versioned('?version=1&page=%2B2'))[0]).toBe(100);
    expect(inputs(await versioned('?version=1&page=%202%20'))[0]).toBe(100);
    for (const bad of ['2.0', 'abc', '0', '-1', '4', 'LAST']) {
      expect(await versioned(`?version=1&page=${bad}`), bad).toMatchObject({ status: 404, body: { detail: 'Invalid page.' } });
    }
  });

  it('reads versions as the numbers the seed types them', async () => {
    expect((await versioned('?version=1.0')).body.count).toBe(250);
    expect((await versioned('?version=1.5')).body.count).toBe(0);
    expect((await versioned('?version_min=1.5')).body.count).toBe(10);
    expect((await versioned('?version_max=1.9')).body.count).toBe(250);
    expect(await versioned('?version=abc')).toMatchObject({ status: 400, body: { version: ['Enter a number.'] } });
    expect(await versioned('?source=scraped')).toMatchObject({
      status: 400,
      body: { source: ['Select a valid choice. scraped is not one of the available choices.'] },
    });
  });

  it('answers a method the route lacks with 405 and Allow, and a missing slash with 301', async () => {
    const res = await server.request('POST', `/compat/versioned/api/datasets/${dataset}/`, { key: p.write, body: {} });
    expect(res.status).toBe(405);
    expect(res.body).toEqual({ detail: 'Method "POST" not allowed.' });
    expect(res.headers.get('allow')).toBe('GET, PATCH, DELETE, HEAD');
    const redirect = await fetch(`${server.url}/compat/versioned/api/datasets/${dataset}/datapoints?page=2`, {
      headers: { authorization: `Bearer ${p.read}` },
      redirect: 'manual',
    });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe(`/compat/versioned/api/datasets/${dataset}/datapoints/?page=2`);
    expect((await server.request('GET', '/compat/versioned/api/nothing/', { key: p.read })).status).toBe(404);
  });

  it("reports JSON it cannot parse as DRF does, with Python's message", async () => {
    const send = (data: string) =>
      server.request('POST', '/compat/versioned/api/datasets/', { key: p.write, raw: { type: 'application/json', data } });
    expect((await send('{"name": ')).body).toEqual({ detail: 'JSON parse error - Expecting value: line 1 column 10 (char 9)' });
    expect((await send("{'name': 1}")).body).toEqual({
      detail: 'JSON parse error - Expecting property name enclosed in double quotes: line 1 column 2 (char 1)',
    });
    expect((await send('{"name": "a"} x')).body).toEqual({ detail: 'JSON parse error - Extra data: line 1 column 15 (char 14)' });
    const empty = await send('');
    expect(empty).toMatchObject({ status: 400, body: { name: ['This field is required.'], datapoints: ['This field is required.'] } });
  });

  it('takes what DRF fields take: numbers as text, whole numbers as text, and trims text', async () => {
    const res = await server.request('POST', '/compat/versioned/api/datasets/', {
      key: p.write,
      body: { name: '  lax  ', datapoints: [{ input: 1, expected_output: 2, order: '7', persona: 42, agent: AGENT.toUpperCase() }] },
    });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('lax');
    const [point] = (await server.request('GET', `/compat/versioned/api/datasets/${res.body.id}/datapoints/`, { key: p.read })).body
      .results;
    expect(point).toMatchObject({ order: 7, persona: '42' });
    const bad = await server.request('POST', '/compat/versioned/api/datasets/', {
      key: p.write,
      body: { name: 'x', datapoints: [{ input: 1, expected_output: 1, order: '7.5' }] },
    });
    expect(bad).toMatchObject({ status: 400, body: { datapoints: [{ order: ['A valid integer is required.'] }] } });
  });
});

describe(`FastAPI surfaces read requests as pydantic v2 does (${DIALECT})`, () => {
  const robotics = (query: string) => server.request('GET', `/compat/robotics/v1/datasets/list${query}`, { key: p.read });

  it("reports each failing parameter in FastAPI order, with pydantic's type, message, input and context", async () => {
    const res = await robotics('?limit=0&job_id=nope&sort=random');
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([
      {
        type: 'uuid_parsing',
        loc: ['query', 'job_id'],
        msg: 'Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1',
        input: 'nope',
        ctx: { error: 'invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1' },
      },
      {
        type: 'greater_than_equal',
        loc: ['query', 'limit'],
        msg: 'Input should be greater than or equal to 1',
        input: '0',
        ctx: { ge: 1 },
      },
      {
        type: 'literal_error',
        loc: ['query', 'sort'],
        msg: "Input should be 'newest', 'oldest', 'updated' or 'name'",
        input: 'random',
        ctx: { expected: "'newest', 'oldest', 'updated' or 'name'" },
      },
    ]);
    expect((await robotics('?job_id=abc')).body.detail[0].ctx.error).toBe('invalid length: expected length 32 for simple format, found 3');
    expect((await robotics('?job_id=1234-5678')).body.detail[0].ctx.error).toBe('invalid group count: expected 5, found 2');
    expect((await robotics('?limit=abc')).body.detail[0]).toMatchObject({
      type: 'int_parsing',
      msg: 'Input should be a valid integer, unable to parse string as an integer',
    });
  });

  it('coerces numbers and booleans as lax mode does, and takes the last of repeated parameters', async () => {
    for (const limit of ['2', ' 2 ', '+2', '2.0', '0_2', '1&limit=2']) {
      expect((await robotics(`?limit=${encodeURIComponent(limit).replace('%26', '&').replace('%3D', '=')}`)).status, limit).toBe(200);
    }
    expect((await robotics('?limit=2.5')).body.detail[0].type).toBe('int_parsing');
    const evals = (shared: string) => server.request('GET', `/compat/evals/api/v1/datasets/all-partial?shared=${shared}`, { key: p.read });
    for (const value of ['True', 'False', 'true', '1', '0', 'yes', 'YES', 'on', 'Off', 'y', 'n', 't', 'f'])
      expect((await evals(value)).status, value).toBe(200);
    expect((await evals('maybe')).body.detail).toEqual([
      { type: 'bool_parsing', loc: ['query', 'shared'], msg: 'Input should be a valid boolean, unable to interpret input', input: 'maybe' },
    ]);
    expect((await server.request('GET', '/compat/evals/api/v1/datasets?page=2&page=1', { key: p.read })).body.meta.current_page).toBe(1);
  });

  it('takes a number as text or a whole float for an integer in a body', async () => {
    await server.request('POST', '/v1/containers', { key: p.write, body: { label: 'lax' } });
    for (const [name, size] of [
      ['text', '5'],
      ['float', 5.0],
      ['padded', ' 5 '],
    ] as const) {
      const res = await server.request('POST', '/compat/gateway/v1/datasets', { key: p.write, body: { name, container: 'lax', size } });
      expect(res.status, name).toBe(201);
    }
    const fraction = await server.request('POST', '/compat/gateway/v1/datasets', {
      key: p.write,
      body: { name: 'f', container: 'lax', size: 5.5 },
    });
    expect(fraction.body.detail).toEqual([
      {
        type: 'int_from_float',
        loc: ['body', 'size'],
        msg: 'Input should be a valid integer, got a number with a fractional part',
        input: 5.5,
      },
    ]);
  });

  it('answers a body that is not JSON, or no body, as FastAPI does', async () => {
    const post = (type: string | null, data: string) =>
      rawRequest(
        server.url,
        `POST /compat/gateway/v1/datasets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${p.write}\r\n${type ? `Content-Type: ${type}\r\n` : ''}Content-Length: ${Buffer.byteLength(data)}\r\nConnection: close\r\n\r\n${data}`,
      );
    const [broken] = await post('application/json', '{"name": "x",}');
    expect(broken.status).toBe(422);
    expect(JSON.parse(broken.body)).toEqual({
      detail: [
        {
          type: 'json_invalid',
          loc: ['body', 13],
          msg: 'JSON decode error',
          input: {},
          ctx: { error: 'Expecting property name enclosed in double quotes' },
        },
      ],
    });
    const [missing] = await post('application/json', '');
    expect(JSON.parse(missing.body)).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] });
    const [text] = await post('text/plain', 'name=x');
    expect(JSON.parse(text.body).detail[0]).toMatchObject({ type: 'model_attributes_type', loc: ['body'], input: 'name=x' });
    const [untyped] = await post(null, '{"name":"u","container":"nowhere","size":1}');
    expect(untyped.status).toBe(404);
  });

  it("answers a wrong method with 405 and an unknown path with 404, in Starlette's words", async () => {
    const wrong = await server.request('DELETE', '/compat/robotics/v1/datasets/list', { key: p.write });
    expect(wrong).toMatchObject({ status: 405, body: { detail: 'Method Not Allowed' } });
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
    expect(await server.request('GET', '/compat/gateway/v1/nothing', { key: p.read })).toMatchObject({
      status: 404,
      body: { detail: 'Not Found' },
    });
    expect(await server.request('GET', '/compat/evals/api/v1/nothing', { key: p.read })).toMatchObject({
      status: 404,
      body: { detail: 'Not Found' },
    });
  });
});

describe(`repeated parameters on every surface (${DIALECT})`, () => {
  it('answers ?page=2&page=3 with page 3 instead of a validation error', async () => {
    const token = (await server.request('POST', '/v1/auth/token', { key: p.read })).body.access_token;
    const spaces = await server.request(
      'GET',
      `/compat/spaces/namespaces/${p.ns}/projects/${p.project}/datasets?page=2&page=3&pageSize=1`,
      { key: token },
    );
    expect(spaces.body).toMatchObject({ page: 3, pageSize: 1 });
    const gateway = await server.request('GET', '/compat/gateway/v1/datasets?offset=5&offset=0&limit=1&limit=2', { key: p.read });
    expect(gateway.body.data).toHaveLength(2);
    // The native API keeps its own contract: a single-valued parameter given twice is refused.
    expect((await server.request('GET', '/v1/datasets?limit=2&limit=3', { key: p.read })).status).toBe(422);
  });
});
