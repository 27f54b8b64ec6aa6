import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;

beforeAll(async () => {
  p = await server.project('schemas');
});

const QA = {
  input: { type: 'object', properties: { question: { type: 'string', minLength: 1 } }, required: ['question'] },
  expected_output: { type: ['string', 'null'] },
};

const write = (method: string, path: string, body: object) => server.request(method, path, { key: p.write, body });

describe(`item schemas (${DIALECT})`, () => {
  it('checks commits and imports against the schemas, naming the datapoint and the schema path, storing nothing', async () => {
    const id = (await write('POST', '/v1/datasets', { name: 'typed' })).body.id;
    const set = await write('PUT', `/v1/datasets/${id}/schemas`, { schemas: QA });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ checked: 0, violations: [], dataset: { item_schemas: QA } });

    expect(
      (await write('POST', `/v1/datasets/${id}/versions`, { add: [{ input: { question: 'q?' }, expected_output: 'a' }] })).status,
    ).toBe(201);
    const bad = await write('POST', `/v1/datasets/${id}/versions`, { add: [{ input: { question: 'ok' } }, { input: { q: 'typo' } }] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toEqual({
      field: 'body/add/1/input',
      message: "must have required property 'question' (schema #/required)",
    });
    const datapoint = (await server.request('GET', `/v1/datasets/${id}/datapoints`, { key: p.read })).body.data[0];
    const update = await write('POST', `/v1/datasets/${id}/versions`, { update: [{ id: datapoint.id, expected_output: 42 }] });
    expect(update.body.errors[0].field).toBe('body/update/0/expected_output');

    const file = '{"input":{"question":"fine"}}\n{"input":{"question":""}}\n';
    const imported = await server.request('POST', `/v1/datasets/${id}/imports`, {
      key: p.write,
      raw: { type: 'application/x-ndjson', data: file },
    });
    expect(imported.status).toBe(422);
    expect(imported.body.errors[0]).toMatchObject({ field: 'line 2/input/question', message: expect.stringContaining('minLength') });
    expect((await server.request('GET', `/v1/datasets/${id}`, { key: p.read })).body).toMatchObject({
      head_version: 1,
      datapoint_count: 1,
    });
  });

  it('checks the head before a schema applies, unless asked only to warn, and refuses what is not a schema', async () => {
    const id = (await write('POST', '/v1/datasets', { name: 'loose' })).body.id;
    await write('POST', `/v1/datasets/${id}/versions`, { add: [{ input: { question: 'q' } }, { input: 'plain text' }] });
    const refused = await write('PUT', `/v1/datasets/${id}/schemas`, { schemas: QA });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toHaveLength(1);
    expect(refused.body.errors[0].field).toMatch(/^datapoint [0-9a-f-]{36}\/input$/);
    expect((await server.request('GET', `/v1/datasets/${id}`, { key: p.read })).body.item_schemas).toBeNull();

    const warned = await write('PUT', `/v1/datasets/${id}/schemas`, { schemas: QA, mode: 'warn' });
    expect(warned.body).toMatchObject({ checked: 2, violations: [{ field: expect.stringMatching(/\/input$/) }] });
    expect((await write('PUT', `/v1/datasets/${id}/schemas`, { schemas: null })).body.dataset.item_schemas).toBeNull();

    const notSchema = await write('PUT', `/v1/datasets/${id}/schemas`, { schemas: { input: { type: 'strng' } } });
    expect(notSchema.status).toBe(422);
    expect(notSchema.body.detail).toContain('not a valid JSON Schema');
    expect((await write('PUT', `/v1/datasets/${id}/schemas`, { schemas: { input: { typo_keyword: 1 } } })).status).toBe(422);
    expect((await server.request('PUT', `/v1/datasets/${id}/schemas`, { key: p.read, body: { schemas: null } })).status).toBe(403);
    const log = (await server.request('GET', `/v1/audit?dataset_id=${id}&action=dataset.schemas`, { key: p.admin })).body.data;
    expect(log.map((e: any) => e.detail)).toEqual([
      { fields: [], mode: 'enforce', violations: 0 },
      { fields: ['input', 'expected_output'], mode: 'warn', violations: 1 },
    ]);
  });
});
