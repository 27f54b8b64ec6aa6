import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/model/limits.js';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;

beforeAll(async () => {
  p = await server.project('round-trip');
});

/** Text that looks like something else, breaks lines in JavaScript, or is simply long. */
const AWKWARD = [
  '42',
  '',
  'null',
  'true',
  '"quoted"',
  '{"a":1}',
  '[1,2]',
  '\u2028',
  '\u2029',
  'a,b;c\td',
  'line\nbreak\r\n',
  '💥👩🏽‍🚀',
  'ñé\u0301',
  '漢字',
  ' padded ',
  '\\',
  '=SUM(A1)',
];

/** At most `n` code points, never splitting a surrogate pair. */
const cut = (n: number) => (s: string) => Array.from(s).slice(0, n).join('');

const text = fc.oneof(
  fc.constantFrom(...AWKWARD),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => s.isWellFormed() && !s.includes('\u0000')),
  fc.constantFrom(...AWKWARD).map((s) => s.repeat(2000)),
);
const key = fc.oneof(
  fc.constantFrom('a', 'b', 'with space', 'ünï', '42', ''),
  fc.string({ maxLength: 8 }).filter((s) => !s.includes('\u0000')),
);
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const datapoint = fc.record(
  {
    input: json,
    expected_output: json,
    output: json,
    context: json,
    prompt: fc.option(text, { nil: null }),
    persona: fc.option(text.map(cut(LIMITS.personaLength)), { nil: null }),
    tags: fc.uniqueArray(
      fc
        .oneof(
          fc.constantFrom(...AWKWARD.filter(Boolean)),
          fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.isWellFormed() && !s.includes('\u0000')),
        )
        .map(cut(LIMITS.tagLength)),
      { maxLength: 4 },
    ),
    source: fc.constantFrom('seed', 'synthetic', 'augmented', 'production', null),
    agent: fc.option(fc.uuid(), { nil: null }),
    generator_model: fc.option(text.map(cut(LIMITS.modelLength)), { nil: null }),
    metadata: fc.dictionary(key, json, { maxKeys: 4 }),
    splits: fc.uniqueArray(fc.constantFrom('train', 'test', 'validation', 'dev.v2'), { maxLength: 2 }),
    external_id: fc.option(text.filter((s) => s.length > 0).map(cut(LIMITS.externalIdLength)), { nil: null }),
  },
  { requiredKeys: ['input'] },
);

const TYPES = { jsonl: 'application/x-ndjson', csv: 'text/csv', parquet: 'application/vnd.apache.parquet' };
type Format = keyof typeof TYPES;

let n = 0;
async function importInto(format: Format, data: Uint8Array): Promise<string> {
  const id = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: `rt${++n}` } })).body.id;
  const res = await server.request('POST', `/v1/datasets/${id}/imports`, { key: p.write, raw: { type: TYPES[format], data } });
  if (res.status !== 201) throw new Error(`${format} import: ${res.status} ${res.text}`);
  return id;
}

async function exportOf(id: string, format: Format): Promise<Uint8Array> {
  const res = await fetch(`${server.url}/v1/datasets/${id}/export?format=${format}`, { headers: { authorization: `Bearer ${p.read}` } });
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

/** What a datapoint is, without what the server stamps on each copy (its sequence number, version and times). */
const content = (line: string) => {
  const { seq: _seq, version: _version, created_at: _created, updated_at: _updated, ...rest } = JSON.parse(line) as Record<string, unknown>;
  return rest;
};
const contents = (bytes: Uint8Array) => new TextDecoder().decode(bytes).trim().split('\n').filter(Boolean).map(content);

/** What the server should hold for a datapoint as sent: absent fields empty. */
const expected = (d: Record<string, unknown>) => ({
  input: null,
  expected_output: null,
  output: null,
  context: null,
  prompt: null,
  persona: null,
  tags: [],
  source: null,
  agent: null,
  generator_model: null,
  metadata: {},
  splits: [],
  external_id: null,
  attachments: {},
  ...d,
});

describe(`lossless round trips (${DIALECT})`, () => {
  it('keeps every datapoint exactly through JSONL -> datashelf -> Parquet -> datashelf -> CSV -> datashelf', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(datapoint, { minLength: 1, maxLength: 12, selector: (d) => d.external_id ?? Symbol() }),
        async (points) => {
          const sent = new TextEncoder().encode(points.map((d) => JSON.stringify(d)).join('\n'));
          const first = await importInto('jsonl', sent);
          const jsonl = await exportOf(first, 'jsonl');
          const held = contents(jsonl);
          expect(held.map(({ id: _id, order: _order, ...rest }) => rest)).toEqual(points.map(expected));

          const second = await importInto('parquet', await exportOf(first, 'parquet'));
          expect(contents(await exportOf(second, 'jsonl'))).toEqual(held);
          const third = await importInto('csv', await exportOf(second, 'csv'));
          expect(contents(await exportOf(third, 'jsonl'))).toEqual(held);

          const again = await server.request('POST', `/v1/datasets/${third}/imports?mode=upsert`, {
            key: p.write,
            raw: { type: TYPES.jsonl, data: jsonl },
          });
          expect(again.body).toMatchObject({ created: false, unchanged: points.length });
        },
      ),
      {
        numRuns: Number(process.env.ROUND_TRIP_RUNS ?? 40),
        seed: process.env.ROUND_TRIP_SEED ? Number(process.env.ROUND_TRIP_SEED) : undefined,
      },
    );
  });
});
