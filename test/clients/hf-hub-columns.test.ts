import { beforeAll, describe, expect, it } from 'vitest';
import { parquetMetadata, parquetReadObjects, type FileMetaData, type SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter, type ColumnSource } from 'hyparquet-writer';
import { commit, createRepo, downloadFile, uploadFile, type RepoDesignation } from '@huggingface/hub';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * The real `@huggingface/hub` pushing splits whose columns are not datapoint fields, as
 * `push_to_hub` writes them: each row is a datapoint whose input is the row, and the
 * split's render has exactly the pushed columns, types, rows and `huggingface` metadata,
 * at every revision; a datapoint edited through /v1 so it no longer fits makes the split
 * render in datashelf's own columns, and a restore brings the pushed columns back.
 */

const server = useServer();
let p: ProjectKeys;
let hub: { hubUrl: string; accessToken: string };
let repo: RepoDesignation;
let datasetId: string;

const TRAIN = 'data/train-00000-of-00001.parquet';
const OPTIONAL = { repetition_type: 'OPTIONAL' } as const;
const STRING = { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, ...OPTIONAL } as const;
const int = (bitWidth: 8 | 16) =>
  ({ type: 'INT32', converted_type: `INT_${bitWidth}`, logical_type: { type: 'INTEGER', bitWidth, isSigned: true }, ...OPTIONAL }) as const;
const listOf = (name: string, element: SchemaElement): SchemaElement[] => [
  { name, converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1, ...OPTIONAL },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { ...element, name: 'element' },
];

/** Columns of every type a pushed table keeps exactly, as pyarrow writes them for `datasets`. */
const SCHEMA: SchemaElement[] = [
  { name: 'root', num_children: 14 },
  { name: 'text', ...STRING },
  { name: 'flag', type: 'BOOLEAN', ...OPTIONAL },
  { name: 'i8', ...int(8) },
  { name: 'i16', ...int(16) },
  { name: 'i32', type: 'INT32', ...OPTIONAL },
  { name: 'i64', type: 'INT64', ...OPTIONAL },
  { name: 'f32', type: 'FLOAT', ...OPTIONAL },
  { name: 'f64', type: 'DOUBLE', ...OPTIONAL },
  { name: 'label', type: 'INT64', ...OPTIONAL },
  ...listOf('words', { name: 'element', ...STRING }),
  ...listOf('counts', { name: 'element', type: 'INT64', ...OPTIONAL }),
  { name: 'meta', num_children: 2, ...OPTIONAL },
  { name: 'source', ...STRING },
  ...listOf('scores', { name: 'element', type: 'DOUBLE', ...OPTIONAL }),
  { name: 'at', type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' }, ...OPTIONAL },
  { name: 'nothing', type: 'INT32', logical_type: { type: 'NULL' }, ...OPTIONAL },
];

const FEATURES = {
  text: { dtype: 'string', _type: 'Value' },
  flag: { dtype: 'bool', _type: 'Value' },
  i8: { dtype: 'int8', _type: 'Value' },
  i16: { dtype: 'int16', _type: 'Value' },
  i32: { dtype: 'int32', _type: 'Value' },
  i64: { dtype: 'int64', _type: 'Value' },
  f32: { dtype: 'float32', _type: 'Value' },
  f64: { dtype: 'float64', _type: 'Value' },
  label: { names: ['negative', 'positive'], _type: 'ClassLabel' },
  words: { feature: { dtype: 'string', _type: 'Value' }, _type: 'List' },
  counts: { feature: { dtype: 'int64', _type: 'Value' }, _type: 'List' },
  meta: { source: { dtype: 'string', _type: 'Value' }, scores: { feature: { dtype: 'float64', _type: 'Value' }, _type: 'List' } },
  at: { dtype: 'timestamp[us, tz=UTC]', _type: 'Value' },
  nothing: { dtype: 'null', _type: 'Value' },
};
const KV = [{ key: 'huggingface', value: JSON.stringify({ info: { features: FEATURES } }) }];

const ROWS = [
  {
    text: 'héllo',
    flag: true,
    i8: -128,
    i16: 32767,
    i32: -2147483648,
    i64: 9007199254740993n,
    f32: Math.fround(0.1),
    f64: 0.1,
    label: 1n,
    words: ['a', null, 'b'],
    counts: [1n, 2n],
    meta: { source: 'web', scores: [1.5, null] },
    at: 1700000000123456n,
    nothing: null,
  },
  {
    text: null,
    flag: null,
    i8: null,
    i16: null,
    i32: null,
    i64: null,
    f32: null,
    f64: null,
    label: null,
    words: null,
    counts: null,
    meta: null,
    at: null,
    nothing: null,
  },
  {
    text: '',
    flag: false,
    i8: 127,
    i16: -1,
    i32: 7,
    i64: -5n,
    f32: 2.5,
    f64: 1e300,
    label: 0n,
    words: [],
    counts: [],
    meta: { source: null, scores: [] },
    at: -1n,
    nothing: null,
  },
];

/** A Parquet file of rows in a schema, with key-value metadata, as hyparquet-writer writes it. */
function parquetOf(schema: SchemaElement[], rows: Record<string, unknown>[], kvMetadata = KV): Blob {
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({ writer, schema, kvMetadata });
  const names = columnNames(schema);
  void parquet.write({ columnData: names.map((name): ColumnSource => ({ name, data: rows.map((r) => r[name]) })) });
  void parquet.finish();
  return new Blob([writer.getBuffer()]);
}

/** The top-level column names of a schema. */
function columnNames(schema: SchemaElement[]): string[] {
  const names: string[] = [];
  let i = 1;
  const skip = (): void => {
    const { num_children = 0 } = schema[i++];
    for (let c = 0; c < num_children; c++) skip();
  };
  while (i < schema.length) {
    names.push(schema[i].name);
    skip();
  }
  return names;
}

interface ParquetContent {
  metadata: FileMetaData;
  rows: Record<string, unknown>[];
}

async function contentOf(blob: Blob): Promise<ParquetContent> {
  const file = await blob.arrayBuffer();
  return { metadata: parquetMetadata(file), rows: await parquetReadObjects({ file }) };
}

/** The split's rendered shard at a revision. */
async function served(split: string, revision = 'main'): Promise<ParquetContent> {
  const blob = await downloadFile({ ...hub, repo, revision, path: `data/${split}-00000-of-00001.parquet` });
  if (!blob) throw new Error(`no ${split} shard at ${revision}`);
  return contentOf(blob);
}

/** The same columns (names, physical and logical types, repetition), key-value metadata and rows. */
function expectSame(actual: ParquetContent, expected: ParquetContent): void {
  expect(actual.metadata.schema).toEqual(expected.metadata.schema);
  expect(actual.metadata.key_value_metadata).toEqual(expected.metadata.key_value_metadata);
  expect(actual.rows).toEqual(expected.rows);
}

const datapoints = async (split: string) =>
  (await server.request('GET', `/v1/datasets/${datasetId}/datapoints?split=${split}&limit=100`, { key: p.read })).body.data as {
    id: string;
    input: unknown;
  }[];

async function refused(path: string, content: Blob): Promise<[number, string] | null> {
  try {
    await uploadFile({ ...hub, repo, file: { path, content } });
    return null;
  } catch (error) {
    return [(error as { statusCode: number }).statusCode, (error as Error).message];
  }
}

beforeAll(async () => {
  p = await server.project('hf-columns');
  hub = { hubUrl: `${server.url}/compat/hf`, accessToken: `hf_${p.write}` };
  repo = { type: 'dataset', name: `${p.ns}/tables` };
  await createRepo({ ...hub, repo });
  const listed = await server.request('GET', '/v1/datasets?limit=100', { key: p.read });
  datasetId = listed.body.data.find((d: { name: string }) => d.name === 'tables').id;
});

describe(`@huggingface/hub pushing splits of any columns (${DIALECT})`, () => {
  const pushed = parquetOf(SCHEMA, ROWS);
  const SMALL = [
    { name: 'root', num_children: 2 },
    { name: 'question', ...STRING },
    { name: 'answer', ...STRING },
  ] as SchemaElement[];
  const QA = [
    { question: '2+2?', answer: '4' },
    { question: 'capital of France?', answer: 'Paris' },
  ];
  let first: string;

  it('renders a pushed Parquet split with its own columns, types, metadata and rows, each row a datapoint whose input is the row', async () => {
    first = (await uploadFile({ ...hub, repo, file: { path: TRAIN, content: pushed } }))!.commit.oid;
    expectSame(await served('train'), await contentOf(pushed));
    const inputs = (await datapoints('train')).map((d) => d.input);
    expect(inputs[0]).toEqual({
      text: 'héllo',
      flag: true,
      i8: -128,
      i16: 32767,
      i32: -2147483648,
      // Beyond 2^53: kept as its decimal text, written back as the int64 it was.
      i64: '9007199254740993',
      f32: Math.fround(0.1),
      f64: 0.1,
      label: 1,
      words: ['a', null, 'b'],
      counts: [1, 2],
      meta: { source: 'web', scores: [1.5, null] },
      at: '2023-11-14T22:13:20.123456Z',
      nothing: null,
    });
    expect(inputs).toHaveLength(3);
  });

  it('keeps each revision as it was pushed, and a /v1 edit that no longer fits renders datashelf columns until a restore', async () => {
    const second = (await uploadFile({ ...hub, repo, file: { path: TRAIN, content: parquetOf(SMALL, QA, []) } }))!.commit.oid;
    expect((await served('train')).rows).toEqual(QA);
    expect((await served('train')).metadata.schema).toEqual(SMALL);
    expectSame(await served('train', first), await contentOf(pushed));

    const [one] = await datapoints('train');
    expect(one.input).toEqual(QA[0]);
    const edit = { update: [{ id: one.id, input: { question: '2+2?', answer: 4 } }] };
    expect((await server.request('POST', `/v1/datasets/${datasetId}/versions`, { key: p.write, body: edit })).status).toBe(201);
    // A number in a column of text: the split falls back to datashelf's own columns, the edit shown as it is.
    const fallback = await served('train');
    expect(columnNames(fallback.metadata.schema)).toEqual(expect.arrayContaining(['id', 'input', 'expected_output', 'splits']));
    expect(fallback.rows.map((r) => r.input)).toEqual([{ question: '2+2?', answer: 4 }, QA[1]]);
    expect((await served('train', second)).rows).toEqual(QA);

    const restore = await server.request('POST', `/v1/datasets/${datasetId}/restore`, { key: p.write, body: { version: 1 } });
    expect(restore.status).toBe(201);
    expectSame(await served('train'), await contentOf(pushed));
  });

  it('renders a JSON-lines split of any keys as the table load_dataset reads from it: ints int64, fractions double, missing keys null', async () => {
    const lines = [
      '{"id": 7, "text": "a", "score": 1.5, "ok": true, "tags": ["x"], "extra": {"k": 1}}',
      '{"id": 8, "text": null, "score": 2, "tags": [], "extra": {"k": 2, "j": "z"}}',
    ];
    await uploadFile({ ...hub, repo, file: { path: 'data/notes.jsonl', content: new Blob([lines.join('\n')]) } });
    const { metadata, rows } = await served('notes');
    expect(rows).toEqual([
      { id: 7n, text: 'a', score: 1.5, ok: true, tags: ['x'], extra: { k: 1n, j: null } },
      { id: 8n, text: null, score: 2, ok: null, tags: [], extra: { k: 2n, j: 'z' } },
    ]);
    const types = Object.fromEntries(metadata.schema.map((e) => [e.name, e.type]));
    expect(types).toMatchObject({ id: 'INT64', text: 'BYTE_ARRAY', score: 'DOUBLE', ok: 'BOOLEAN', k: 'INT64', j: 'BYTE_ARRAY' });
    expect((await datapoints('notes')).map((d) => d.input)).toEqual(lines.map((l) => JSON.parse(l)));
  });

  it('keeps a file with input among other columns as a table, and a file of datapoint fields alone as datapoints', async () => {
    await commit({
      ...hub,
      repo,
      title: 'mixed and plain',
      operations: [
        { operation: 'addOrUpdate', path: 'data/mixed.jsonl', content: new Blob(['{"input": "q", "difficulty": 2}']) },
        { operation: 'addOrUpdate', path: 'data/plain.jsonl', content: new Blob(['{"input": "q", "expected_output": "a"}']) },
      ],
    });
    expect((await served('mixed')).rows).toEqual([{ input: 'q', difficulty: 2n }]);
    expect((await datapoints('mixed'))[0].input).toEqual({ input: 'q', difficulty: 2 });
    const plain = await served('plain');
    expect(columnNames(plain.metadata.schema)).toEqual(expect.arrayContaining(['id', 'input', 'expected_output']));
    expect(plain.rows.map((r) => [r.input, r.expected_output])).toEqual([['q', 'a']]);
  });

  it("reads a table's shards as one split, and refuses shards of different columns", async () => {
    const shard = (i: number) => `data/pairs-0000${i}-of-00002.parquet`;
    await commit({
      ...hub,
      repo,
      title: 'two shards',
      operations: [
        { operation: 'addOrUpdate', path: shard(1), content: parquetOf(SMALL, [QA[1]], []) },
        { operation: 'addOrUpdate', path: shard(0), content: parquetOf(SMALL, [QA[0]], []) },
      ],
    });
    expect((await served('pairs')).rows).toEqual(QA);
    const other = parquetOf(
      [
        { name: 'root', num_children: 1 },
        { name: 'question', ...STRING },
      ],
      [{ question: 'why?' }],
      [],
    );
    const mixed = commit({
      ...hub,
      repo,
      title: 'shards of two tables',
      operations: [
        { operation: 'addOrUpdate', path: shard(0), content: parquetOf(SMALL, [QA[0]], []) },
        { operation: 'addOrUpdate', path: shard(1), content: other },
      ],
    });
    await expect(mixed).rejects.toThrow('the shards of the split pairs have different columns');
  });

  it('refuses what a table would not keep exactly, naming the column, and commits nothing', async () => {
    const head = async () => (await server.request('GET', `/v1/datasets/${datasetId}`, { key: p.read })).body.head_version;
    const before = await head();
    expect(await refused('data/big.jsonl', new Blob(['{"n": 9007199254740993}']))).toEqual([
      400,
      expect.stringMatching(/data\/big\.jsonl: line 1, key "n": the integer 9007199254740993 is beyond/),
    ]);
    expect(await refused('data/kinds.jsonl', new Blob(['{"n": 1}\n{"n": "one"}']))).toEqual([
      400,
      expect.stringContaining('key "n" holds a number on one line and a string on line 2'),
    ]);
    const decimal = parquetOf(
      [
        { name: 'root', num_children: 1 },
        { name: 'price', type: 'INT64', converted_type: 'DECIMAL', precision: 10, scale: 2, ...OPTIONAL },
      ],
      [{ price: 1234n }],
      [],
    );
    expect(await refused('data/prices-00000-of-00001.parquet', decimal)).toEqual([
      400,
      expect.stringContaining('the column price is of the Parquet type INT64 DECIMAL(10,2)'),
    ]);
    expect(await head()).toBe(before);
  });
});
