import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;
let container: string;

const EVENTS = [
  {
    model_name: 'gpt-4o',
    status: 'ok',
    input: { q: 'one' },
    output: 'first',
    latency_ms: 120,
    input_tokens: 10,
    created_at: '2026-01-01T00:00:00Z',
    attributes: { customer: { tier: 'gold', id: 7 }, tags: ['a', 'b'], score: 0.5, flag: true, note: '100%_done' },
  },
  {
    model_name: 'gpt-4o-mini',
    status: 'error',
    input: 'two',
    output: 'second',
    latency_ms: 900,
    created_at: '2026-02-01T00:00:00Z',
    attributes: { customer: { tier: 'silver', id: '7' }, tags: ['b'], score: 2, flag: false },
  },
  {
    model_name: 'llama',
    status: 'ok',
    input: 'three',
    output: { answer: 3 },
    created_at: '2026-03-01T00:00:00Z',
    attributes: { customer: { tier: 'gold' }, tags: 'a', note: null },
  },
];

beforeAll(async () => {
  p = await server.project('telemetry');
  container = (await server.request('POST', '/v1/containers', { key: p.write, body: { label: 'prod' } })).body.id;
  const res = await server.request('POST', `/v1/containers/${container}/events`, { key: p.write, body: EVENTS });
  expect(res.body).toEqual({ inserted: 3 });
});

const events = (filters: unknown[]) =>
  server.request('GET', `/v1/containers/${container}/events?filters=${encodeURIComponent(JSON.stringify(filters))}`, { key: p.read });
const models = async (...filters: unknown[]) => {
  const res = await events(filters);
  expect(res.status, JSON.stringify(filters)).toBe(200);
  return res.body.data.map((e: any) => e.model_name);
};
const f = (key: string, operator: string, value?: unknown) => ({ key, operator, value });

describe(`telemetry containers, events and filters (${DIALECT})`, () => {
  it('keeps containers by unique label, addressable by id or label', async () => {
    expect((await server.request('POST', '/v1/containers', { key: p.write, body: { label: 'prod' } })).status).toBe(409);
    expect((await server.request('GET', '/v1/containers/prod', { key: p.read })).body.id).toBe(container);
    expect((await server.request('GET', `/v1/containers/${container}`, { key: p.read })).body.label).toBe('prod');
    expect((await server.request('GET', '/v1/containers', { key: p.read })).body.data.map((c: any) => c.label)).toEqual(['prod']);
    expect((await server.request('GET', '/v1/containers/nope', { key: p.read })).status).toBe(404);
  });

  it('counts the events a filter matches, to preview a cut', async () => {
    const count = (filters: unknown[]) =>
      server.request('GET', `/v1/containers/prod/events/count?filters=${encodeURIComponent(JSON.stringify(filters))}`, { key: p.read });
    expect((await count([])).body).toEqual({ count: 3, capped: false });
    expect((await count([f('attributes.customer.tier', 'equals', 'gold')])).body).toEqual({ count: 2, capped: false });
    expect((await count([f('status', 'equals', 'none')])).body).toEqual({ count: 0, capped: false });
    const bad = await count([f('latency_ms', 'contains', 'x')]);
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('filters/0');
    const other = await server.project('telemetry-other');
    expect((await server.request('GET', `/v1/containers/${container}/events/count`, { key: other.read })).status).toBe(404);
  });

  it('lists events newest first with their fields', async () => {
    const res = await events([]);
    expect(res.body.data.map((e: any) => e.model_name)).toEqual(['llama', 'gpt-4o-mini', 'gpt-4o']);
    expect(res.body.data[2]).toEqual({
      id: expect.any(String),
      model_name: 'gpt-4o',
      status: 'ok',
      input: { q: 'one' },
      output: 'first',
      latency_ms: 120,
      input_tokens: 10,
      output_tokens: null,
      created_at: '2026-01-01T00:00:00.000Z',
      attributes: EVENTS[0].attributes,
    });
    const page = await server.request('GET', `/v1/containers/${container}/events?limit=2`, { key: p.read });
    const rest = await server.request('GET', `/v1/containers/${container}/events?limit=2&cursor=${page.body.next_cursor}`, { key: p.read });
    expect(rest.body.data.map((e: any) => e.model_name)).toEqual(['gpt-4o']);
  });

  it('applies equals and not_equals with types respected', async () => {
    expect(await models(f('model_name', 'equals', 'gpt-4o'))).toEqual(['gpt-4o']);
    expect(await models(f('status', 'not_equals', 'ok'))).toEqual(['gpt-4o-mini']);
    expect(await models(f('attributes.customer.id', 'equals', 7))).toEqual(['gpt-4o']);
    expect(await models(f('attributes.customer.id', 'equals', '7'))).toEqual(['gpt-4o-mini']);
    expect(await models(f('attributes.flag', 'equals', true))).toEqual(['gpt-4o']);
    expect(await models(f('attributes.flag', 'equals', false))).toEqual(['gpt-4o-mini']);
    expect(await models(f('attributes.score', 'not_equals', 2))).toEqual(['llama', 'gpt-4o']);
    expect(await models(f('input', 'equals', 'two'))).toEqual(['gpt-4o-mini']);
    expect(await models(f('latency_ms', 'equals', 120))).toEqual(['gpt-4o']);
  });

  it('applies contains to text and to lists, literally', async () => {
    expect(await models(f('model_name', 'contains', '4o'))).toEqual(['gpt-4o-mini', 'gpt-4o']);
    expect(await models(f('attributes.tags', 'contains', 'a'))).toEqual(['llama', 'gpt-4o']);
    expect(await models(f('attributes.note', 'contains', '%_'))).toEqual(['gpt-4o']);
    expect(await models(f('attributes.note', 'contains', '_x'))).toEqual([]);
    expect(await models(f('attributes.tags', 'not_contains', 'b'))).toEqual(['llama']);
    expect(await models(f('model_name', 'contains', 'GPT'))).toEqual([]);
    expect(await models(f('input', 'contains', 'one'))).toEqual(['gpt-4o']);
  });

  it('compares numbers as numbers, timestamps as time and strings as strings', async () => {
    expect(await models(f('latency_ms', 'greater_than', 100))).toEqual(['gpt-4o-mini', 'gpt-4o']);
    expect(await models(f('latency_ms', 'less_than', 500))).toEqual(['gpt-4o']);
    expect(await models(f('attributes.score', 'greater_than_or_equal', 2))).toEqual(['gpt-4o-mini']);
    expect(await models(f('attributes.score', 'less_than_or_equal', 0.5))).toEqual(['gpt-4o']);
    expect(await models(f('attributes.score', 'greater_than', 0.25))).toEqual(['gpt-4o-mini', 'gpt-4o']);
    expect(await models(f('created_at', 'greater_than', '2026-01-15T00:00:00Z'))).toEqual(['llama', 'gpt-4o-mini']);
    expect(await models(f('created_at', 'greater_than_or_equal', '2026-02-01'))).toEqual(['llama', 'gpt-4o-mini']);
    expect(await models(f('created_at', 'less_than', '2026-02-01T03:00:00+02:00'))).toEqual(['gpt-4o-mini', 'gpt-4o']);
    expect(await models(f('attributes.customer.tier', 'greater_than', 'h'))).toEqual(['gpt-4o-mini']);
  });

  it('applies in, not_in and between (inclusive)', async () => {
    expect(await models(f('model_name', 'in', ['llama', 'gpt-4o']))).toEqual(['llama', 'gpt-4o']);
    expect(await models(f('model_name', 'not_in', ['llama', 'gpt-4o']))).toEqual(['gpt-4o-mini']);
    expect(await models(f('attributes.customer.id', 'in', [7, '7']))).toEqual(['gpt-4o-mini', 'gpt-4o']);
    expect(await models(f('latency_ms', 'between', [120, 900]))).toEqual(['gpt-4o-mini', 'gpt-4o']);
    expect(await models(f('latency_ms', 'between', [121, 899]))).toEqual([]);
    expect(await models(f('created_at', 'between', ['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z']))).toEqual(['gpt-4o-mini', 'gpt-4o']);
    expect(await models(f('attributes.score', 'between', [0, 1]))).toEqual(['gpt-4o']);
  });

  it('applies exists and not_exists, with JSON null as absent', async () => {
    expect(await models(f('latency_ms', 'exists'))).toEqual(['gpt-4o-mini', 'gpt-4o']);
    expect(await models(f('latency_ms', 'not_exists'))).toEqual(['llama']);
    expect(await models(f('attributes.note', 'exists'))).toEqual(['gpt-4o']);
    expect(await models(f('attributes.note', 'not_exists'))).toEqual(['llama', 'gpt-4o-mini']);
    expect(await models(f('attributes.customer', 'exists'))).toEqual(['llama', 'gpt-4o-mini', 'gpt-4o']);
    expect(await models(f('attributes.customer.tier', 'equals', 'gold'), f('status', 'equals', 'ok'), f('latency_ms', 'exists'))).toEqual([
      'gpt-4o',
    ]);
  });

  it('refuses ill-typed or missing values, naming the filter by index', async () => {
    const bad = async (filters: unknown[], field: string) => {
      const res = await events(filters);
      expect(res.status, JSON.stringify(filters)).toBe(422);
      expect(
        res.body.errors.map((e: any) => e.field),
        JSON.stringify(filters),
      ).toContain(field);
    };
    await bad([f('model_name', 'equals')], 'filters/0/value');
    await bad([f('status', 'equals', 'ok'), f('latency_ms', 'greater_than', 'fast')], 'filters/1/value');
    await bad([f('latency_ms', 'between', [1])], 'filters/0/value');
    await bad([f('latency_ms', 'between', [1, 'x'])], 'filters/0/value');
    await bad([f('model_name', 'in', 'llama')], 'filters/0/value');
    await bad([f('model_name', 'in', [])], 'filters/0/value');
    await bad([f('created_at', 'greater_than', 'yesterday')], 'filters/0/value');
    await bad([f('latency_ms', 'contains', 1)], 'filters/0/value');
    await bad([f('latency_ms', 'exists', 5)], 'filters/0/value');
    await bad([f('attributes.x', 'equals', { nested: true })], 'filters/0/value');
    await bad([f('colour', 'equals', 'red')], 'filters/0/key');
    await bad([f('attributes.a b', 'equals', 'red')], 'filters/0/key');
    await bad([f('model_name', 'like', 'x')], 'filters/0/operator');
    expect((await server.request('GET', `/v1/containers/${container}/events?filters=not-json`, { key: p.read })).status).toBe(400);
  });

  it('lists the operators there are when one is unknown, in a cut as in a listing', async () => {
    const operators =
      'equals, not_equals, contains, not_contains, greater_than, less_than, greater_than_or_equal, less_than_or_equal, in, not_in, exists, not_exists, between';
    const cut = await server.request('POST', '/v1/datasets', {
      key: p.write,
      body: { name: 'like-cut', container: 'prod', size: 5, filters: [f('status', 'like', 'ok')] },
    });
    expect(cut.status).toBe(422);
    expect(cut.body.errors).toEqual([{ field: 'body/filters/0/operator', message: `must be one of ${operators}` }]);
    const listed = await events([f('status', 'like', 'ok')]);
    expect(listed.body.errors).toEqual([{ field: 'filters/0/operator', message: `must be one of ${operators}` }]);
  });

  it('ingests NDJSON atomically, naming a bad line', async () => {
    const c = (await server.request('POST', '/v1/containers', { key: p.write, body: { label: 'ndjson' } })).body.id;
    const lines = (extra: string) => `${JSON.stringify(EVENTS[0])}\n${extra}\n`;
    const ok = await server.request('POST', `/v1/containers/${c}/events`, {
      key: p.write,
      raw: { type: 'application/x-ndjson', data: lines(JSON.stringify(EVENTS[1])) },
    });
    expect(ok.body).toEqual({ inserted: 2 });
    const bad = await server.request('POST', `/v1/containers/${c}/events`, {
      key: p.write,
      raw: { type: 'application/x-ndjson', data: lines('{"model_name":"x"}') },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('line 2/status');
    expect(
      (await server.request('POST', `/v1/containers/${c}/events`, { key: p.write, body: [{ ...EVENTS[0], latency_ms: -1 }] })).status,
    ).toBe(422);
    const stored = await server.request('GET', `/v1/containers/${c}/events`, { key: p.read });
    expect(stored.body.data).toHaveLength(2);
  });

  it('cuts a dataset from matching events, newest first, as version 1', async () => {
    const res = await server.request('POST', '/v1/datasets', {
      key: p.write,
      body: {
        name: 'ok-answers',
        container: 'prod',
        size: 5,
        filters: [f('status', 'equals', 'ok')],
        tags: ['prod'],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'telemetry',
      container_id: container,
      requested_size: 5,
      cut_size: 2,
      head_version: 1,
      datapoint_count: 2,
      filters: [{ key: 'status', operator: 'equals', value: 'ok' }],
      tags: ['prod'],
    });
    const points = (await server.request('GET', `/v1/datasets/${res.body.id}/datapoints`, { key: p.read })).body.data;
    expect(points.map((d: any) => [d.input, d.expected_output, d.generator_model, d.source])).toEqual([
      ['three', { answer: 3 }, 'llama', 'production'],
      [{ q: 'one' }, 'first', 'gpt-4o', 'production'],
    ]);
    expect(points[0].metadata.event_id).toEqual(expect.any(String));

    const capped = await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'newest-one', container, size: 1 } });
    expect(capped.body).toMatchObject({ requested_size: 1, cut_size: 1, datapoint_count: 1 });
  });

  it('refuses bad cuts and stores nothing of them', async () => {
    const cut = (body: object) =>
      server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'bad-cut', container: 'prod', size: 3, ...body } });
    expect((await cut({ container: 'nowhere' })).status).toBe(404);
    expect((await cut({ size: 0 })).status).toBe(422);
    expect((await cut({ size: undefined })).status).toBe(422);
    expect((await cut({ filters: [f('latency_ms', 'equals', 'slow')] })).status).toBe(422);
    expect((await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'bad-cut', size: 3 } })).status).toBe(422);
    expect((await server.request('GET', '/v1/datasets?search=bad-cut', { key: p.read })).body.data).toEqual([]);
    await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'taken' } });
    expect((await cut({ name: 'taken' })).status).toBe(409);
    expect((await server.request('GET', '/v1/datasets?search=taken', { key: p.read })).body.data).toHaveLength(1);
  });
});
