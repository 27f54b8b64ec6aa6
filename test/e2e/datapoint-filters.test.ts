import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;
let id: string;

beforeAll(async () => {
  p = await server.project('dp-filters');
  id = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'filtered' } })).body.id;
  const add = [
    {
      input: { question: 'Boiling point of water?' },
      expected_output: '100',
      metadata: { difficulty: 'easy', score: 2 },
      persona: 'student',
    },
    { input: { question: 'Speed of light?' }, expected_output: 'c', metadata: { difficulty: 'hard', score: 9 } },
    { input: { question: 'Freezing point of water?' }, metadata: { difficulty: 'hard', score: 7, reviewed: true } },
    { input: 'not an object', metadata: {} },
  ];
  await server.request('POST', `/v1/datasets/${id}/versions`, { key: p.write, body: { add } });
});

const listed = async (filters: unknown[], extra = '') => {
  const q = encodeURIComponent(JSON.stringify(filters));
  const res = await server.request('GET', `/v1/datasets/${id}/datapoints?filters=${q}${extra}`, { key: p.read });
  return res;
};
const questions = async (filters: unknown[], extra = '') => {
  const res = await listed(filters, extra);
  expect(res.status, res.text).toBe(200);
  return res.body.data.map((d: any) => d.input.question ?? d.input);
};

describe(`the filter language on datapoints (${DIALECT})`, () => {
  it('filters by metadata and input paths, fields and comparisons, all of which must hold', async () => {
    expect(await questions([{ key: 'metadata.difficulty', operator: 'equals', value: 'hard' }])).toEqual([
      'Speed of light?',
      'Freezing point of water?',
    ]);
    expect(
      await questions([
        { key: 'metadata.difficulty', operator: 'equals', value: 'hard' },
        { key: 'input.question', operator: 'contains', value: 'water' },
      ]),
    ).toEqual(['Freezing point of water?']);
    expect(await questions([{ key: 'metadata.score', operator: 'between', value: [2, 7] }])).toEqual([
      'Boiling point of water?',
      'Freezing point of water?',
    ]);
    expect(await questions([{ key: 'metadata.reviewed', operator: 'exists' }])).toEqual(['Freezing point of water?']);
    expect(await questions([{ key: 'expected_output', operator: 'exists' }])).toEqual(['Boiling point of water?', 'Speed of light?']);
    expect(await questions([{ key: 'persona', operator: 'not_equals', value: 'student' }])).toHaveLength(3);
    expect(await questions([{ key: 'order', operator: 'greater_than_or_equal', value: 2 }])).toEqual([
      'Freezing point of water?',
      'not an object',
    ]);
  });

  it('pages through a filtered listing and exports the same rows', async () => {
    const filters = [{ key: 'input.question', operator: 'contains', value: 'point' }];
    const first = await listed(filters, '&limit=1');
    const second = await listed(filters, `&limit=1&cursor=${encodeURIComponent(first.body.next_cursor)}`);
    expect([...first.body.data, ...second.body.data].map((d: any) => d.input.question)).toEqual([
      'Boiling point of water?',
      'Freezing point of water?',
    ]);
    expect(second.body.next_cursor).toBeNull();
    const q = encodeURIComponent(JSON.stringify(filters));
    const exported = (await server.request('GET', `/v1/datasets/${id}/export?filters=${q}`, { key: p.read })).text.trim().split('\n');
    expect(exported).toHaveLength(2);
  });

  it('refuses unknown keys, bad operators and malformed filters with a 422 or 400 naming them', async () => {
    const unknown = await listed([{ key: 'attributes.x', operator: 'exists' }]);
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('filters/0/key');
    expect(unknown.body.errors[0].message).toContain('metadata.<path>');
    const badOp = await listed([{ key: 'input', operator: 'greater_than', value: 1 }]);
    expect(badOp.body.errors[0].field).toBe('filters/0/value');
    const res = await server.request('GET', `/v1/datasets/${id}/datapoints?filters=${encodeURIComponent('{"key":')}`, { key: p.read });
    expect(res.status).toBe(400);
  });
});
