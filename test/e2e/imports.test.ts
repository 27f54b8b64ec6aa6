import http from 'node:http';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { parquetReadObjects } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;

beforeAll(async () => {
  p = await server.project('imports');
});

let n = 0;
async function dataset(): Promise<string> {
  const res = await server.request('POST', '/v1/datasets', { key: p.write, body: { name: `imp${++n}` } });
  return res.body.id;
}

const TYPES = { jsonl: 'application/x-ndjson', csv: 'text/csv', parquet: 'application/vnd.apache.parquet' };
type Format = keyof typeof TYPES;

function importFile(id: string, format: Format, data: string | Uint8Array, query: Record<string, unknown> = {}, headers = {}) {
  const params = new URLSearchParams(
    Object.entries(query).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  ).toString();
  return server.request('POST', `/v1/datasets/${id}/imports${params ? `?${params}` : ''}`, {
    key: p.write,
    raw: { type: TYPES[format], data },
    headers,
  });
}

async function exportBytes(id: string, query = ''): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(`${server.url}/v1/datasets/${id}/export${query}`, { headers: { authorization: `Bearer ${p.read}` } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

async function all(id: string, query = ''): Promise<any[]> {
  const res = await server.request('GET', `/v1/datasets/${id}/datapoints?limit=1000${query}`, { key: p.read });
  return res.body.data;
}

const head = async (id: string) => (await server.request('GET', `/v1/datasets/${id}`, { key: p.read })).body;

const TEXT = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' } as const;

/** A Parquet file of text columns, and struct columns of two text fields, q and c. */
function parquetFile(columns: { name: string; data: unknown[]; struct?: boolean }[]): Uint8Array {
  const schema = [
    { name: 'root', num_children: columns.length },
    ...columns.flatMap(({ name, struct }) =>
      struct
        ? [
            { name, repetition_type: 'OPTIONAL' as const, num_children: 2 },
            { name: 'q', ...TEXT },
            { name: 'c', ...TEXT },
          ]
        : [{ name, ...TEXT }],
    ),
  ];
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({ writer, schema });
  void parquet.write({ columnData: columns.map(({ name, data }) => ({ name, data })) });
  void parquet.finish();
  return new Uint8Array(writer.getBuffer());
}

describe(`imports over HTTP (${DIALECT})`, () => {
  it('imports a spreadsheet CSV through a mapping, keeping every cell as the text it was', async () => {
    const id = await dataset();
    const csv = [
      'question,context,answer,my_id,labels,score,',
      'What is 6*7?,maths,42,q1,a|b,0.5,0',
      '"Say ""hi""",,true,q2,,1,1',
      '"multi\nline",greetings,"",q3,b,,2',
      'null,{"looks":"like json"},null,q4,,3,3',
    ].join('\r\n');
    const mapping = {
      fields: { input: ['question', 'context'], expected_output: 'answer', external_id: 'my_id', tags: 'labels' },
      tag_separator: '|',
      types: { score: 'number' },
    };
    const res = await importFile(id, 'csv', csv, { mapping, message: 'from a spreadsheet' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({
      dataset_id: id,
      version: 1,
      created: true,
      rows: 4,
      added: 4,
      updated: 0,
      deleted: 0,
      unchanged: 0,
      datapoint_count: 4,
      message: 'from a spreadsheet',
    });
    const rows = await all(id);
    expect(rows.map((d) => [d.input, d.expected_output, d.external_id, d.tags, d.metadata])).toEqual([
      [{ question: 'What is 6*7?', context: 'maths' }, '42', 'q1', ['a', 'b'], { score: 0.5 }],
      [{ question: 'Say "hi"', context: null }, 'true', 'q2', [], { score: 1 }],
      [{ question: 'multi\nline', context: 'greetings' }, '', 'q3', ['b'], { score: null }],
      [{ question: 'null', context: '{"looks":"like json"}' }, 'null', 'q4', [], { score: 3 }],
    ]);
  });

  it('refuses a file whose columns fill neither input nor expected_output, naming the columns it saw', async () => {
    const id = await dataset();
    const res = await importFile(id, 'csv', 'question,answer\nq,a\n');
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('columns seen: "question", "answer"');
    expect(res.body.detail).toContain('{"fields": {"input": "question", "expected_output": "answer"}}');
    const metadataOnly = await importFile(id, 'csv', 'question,answer\nq,a\n', { mapping: { metadata_only: true } });
    expect(metadataOnly.status).toBe(201);
    expect((await all(id))[0].metadata).toEqual({ question: 'q', answer: 'a' });
  });

  it('refuses a mapping naming a column the file lacks, and an id column that is not datapoint ids', async () => {
    const id = await dataset();
    const missing = await importFile(id, 'csv', 'question,answer\nq,a\n', { mapping: { fields: { input: 'prompt' } } });
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toBe('the mapping names "prompt", which the file does not have (columns: "question", "answer")');
    const ids = await importFile(id, 'csv', 'id,input\nq1,hello\n');
    expect(ids.status).toBe(422);
    expect(ids.body.detail).toContain('row 1 (line 2): id "q1" is not a datapoint id');
    expect(ids.body.detail).toContain('{"fields": {"external_id": "id"}}');
    const badMapping = await importFile(id, 'csv', 'a\n1\n', { mapping: { fields: { inptu: 'a' } } });
    expect(badMapping.status).toBe(422);
    expect(badMapping.body.errors).toEqual([{ field: 'mapping/fields/inptu', message: 'is not a known field' }]);
    expect((await head(id)).head_version).toBe(0);
  });

  it('names the line, row and column of bad input, and stores nothing', async () => {
    const id = await dataset();
    const many = Array.from({ length: 3000 }, (_, i) => `q${i},a${i}`).join('\n');
    const cases: [Format, string | Buffer, number, RegExp][] = [
      ['csv', `input,expected_output\n${many}\n"open,quote\n`, 400, /^line 3002: the file ends inside a quoted cell opened there$/],
      ['csv', `input,expected_output\n${many}\nx,y,z\n`, 400, /^row 3001 \(line 3002\) has 3 cells; the header names 2 columns$/],
      ['csv', `input,expected_output\n"a"b,c\n`, 400, /^line 2: text follows a quoted cell's closing quote; quote the whole cell$/],
      ['csv', Buffer.from([...Buffer.from('input\nok\n'), 0xff, 0x0a]), 400, /^the CSV is not UTF-8 text/],
      [
        'csv',
        `input,score:number\n${many.replace(/,a/g, ',1')}\nx,abc\n`,
        422,
        /^row 3001 \(line 3002\), column "score": is not a number$/,
      ],
      ['csv', 'input,meta:json\nx,{"a":\n', 422, /^row 1 \(line 2\), column "meta": is not valid JSON/],
      [
        'csv',
        'input:frobnicate,expected_output\nx,y\n',
        400,
        /^the CSV header types column "input" as "frobnicate"; a column's type is one of text, json, number, integer, boolean/,
      ],
      ['jsonl', `${'{"input":1}\n'.repeat(3000)}{"input":2,"persona":7}\n`, 422, /^line 3001\/persona must be string,null$/],
      [
        'jsonl',
        '{"input":1}\n{"input":2,"colour":"red"}\n',
        422,
        /^line 2: "colour" is not a datapoint field; map it, or send "rest": "metadata" or "drop"$/,
      ],
      ['jsonl', `{"input":1}\n{"input":"${'x'.repeat(1100 * 1024)}"}\n`, 413, /line 2: longer than 1048576 bytes/],
      ['parquet', 'PAR1 this is not parquet', 400, /not a Parquet file/],
    ];
    for (const [format, body, status, detail] of cases) {
      const res = await importFile(id, format, body);
      expect(res.status, `${String(detail)}: ${res.text}`).toBe(status);
      expect(res.body.detail).toMatch(detail);
    }
    expect(await head(id)).toMatchObject({ head_version: 0, datapoint_count: 0 });
  });

  it('keeps a colon in a column name when the mapping types the whole name', async () => {
    const id = await dataset();
    const res = await importFile(id, 'csv', 'input,note:important\nq,yes\n', { mapping: { types: { 'note:important': 'text' } } });
    expect(res.status, res.text).toBe(201);
    expect((await all(id)).map((d) => [d.input, d.metadata])).toEqual([['q', { 'note:important': 'yes' }]]);
    const refused = await importFile(id, 'csv', 'input,note:important\nq,yes\n');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'header/note:important', message: expect.stringContaining('text, json, number, integer, boolean') },
    ]);
  });

  it('refuses two rows naming one datapoint, even when far apart', async () => {
    const id = await dataset();
    const lines = Array.from({ length: 2500 }, (_, i) => JSON.stringify({ input: i, external_id: `e${i}` }));
    lines.push(JSON.stringify({ input: 'again', external_id: 'e7' }));
    const add = await importFile(id, 'jsonl', lines.join('\n'));
    expect(add.status).toBe(422);
    // The earlier row is named when both fall in one write batch (their sizes differ by store).
    expect(add.body.detail).toMatch(
      /^line 2501 names the same datapoint as (an earlier row|line 8); each datapoint may appear once in an import$/,
    );
    const first = await importFile(id, 'jsonl', lines.slice(0, 2500).join('\n'));
    expect(first.status).toBe(201);
    const upsert = await importFile(id, 'jsonl', lines.join('\n'), { mode: 'upsert' });
    expect(upsert.status).toBe(422);
    expect(upsert.body.detail).toMatch(/^line 2501 names the same datapoint/);
    const again = await importFile(id, 'jsonl', JSON.stringify({ input: 'x', external_id: 'e1' }));
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('line 1: external_id "e1" is already in the dataset; import with mode=upsert to update it');
    expect((await head(id)).head_version).toBe(1);
  });

  it('upserts on external ids: unchanged rows stay, changed ones update in place, sync deletes the rest', async () => {
    const id = await dataset();
    const rows = (changes: Record<string, string> = {}) =>
      ['external_id,input,expected_output', ...['a', 'b', 'c'].map((k) => `${k},in-${k},${changes[k] ?? `out-${k}`}`)].join('\n');
    expect((await importFile(id, 'csv', rows())).status).toBe(201);
    const before = await all(id);

    const same = await importFile(id, 'csv', rows(), { mode: 'upsert' });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ version: 1, created: false, rows: 3, added: 0, updated: 0, unchanged: 3, datapoint_count: 3 });
    expect((await head(id)).head_version).toBe(1);

    const changed = await importFile(id, 'csv', rows({ b: 'new-b' }) + '\nd,in-d,out-d', { mode: 'upsert' });
    expect(changed.status).toBe(201);
    expect(changed.body).toMatchObject({ version: 2, created: true, added: 1, updated: 1, unchanged: 2, deleted: 0, datapoint_count: 4 });
    const after = await all(id);
    expect(after.find((d) => d.external_id === 'b')).toMatchObject({ id: before[1].id, expected_output: 'new-b', version: 2 });
    expect(after.find((d) => d.external_id === 'a')).toEqual(before[0]);
    const diff = await server.request('GET', `/v1/datasets/${id}/diff?from=1&to=2`, { key: p.read });
    expect(diff.body.data.map((c: any) => [c.change, c.after.external_id])).toEqual([
      ['changed', 'b'],
      ['added', 'd'],
    ]);

    const synced = await importFile(id, 'csv', 'external_id,input,expected_output\na,in-a,out-a\nd,in-d,out-d', { mode: 'sync' });
    expect(synced.body).toMatchObject({ version: 3, added: 0, updated: 0, unchanged: 2, deleted: 2, datapoint_count: 2 });
    expect((await all(id)).map((d) => d.external_id)).toEqual(['a', 'd']);
  });

  it('knows rows without keys by their text, and never mistakes an edit made since for the file', async () => {
    const id = await dataset();
    const lines = ['{"input":"one"}', '{"input":"two"}', '{"input":"two"}'];
    expect((await importFile(id, 'jsonl', lines.join('\n'))).status).toBe(201);
    const same = await importFile(id, 'jsonl', lines.join('\n'), { mode: 'upsert' });
    expect(same.body).toMatchObject({ version: 1, created: false, added: 0, unchanged: 3 });

    const edited = await importFile(id, 'jsonl', ['{"input":"one!"}', ...lines.slice(1)].join('\n'), { mode: 'sync' });
    expect(edited.body).toMatchObject({ version: 2, added: 1, unchanged: 2, deleted: 1, datapoint_count: 3 });
    expect((await all(id)).map((d) => d.input)).toEqual(['two', 'two', 'one!']);

    const keyed = await dataset();
    const file = 'external_id,input,expected_output\na,in-a,out-a\nb,in-b,out-b';
    await importFile(keyed, 'csv', file);
    const a = (await all(keyed))[0];
    const update = { update: [{ id: a.id, expected_output: 'changed by hand' }] };
    expect((await server.request('POST', `/v1/datasets/${keyed}/versions`, { key: p.write, body: update })).status).toBe(201);
    const restored = await importFile(keyed, 'csv', file, { mode: 'upsert' });
    expect(restored.body).toMatchObject({ version: 3, updated: 1, unchanged: 1 });
    expect((await all(keyed))[0]).toMatchObject({ id: a.id, expected_output: 'out-a' });
  });

  it('imports an exported JSONL again as it is: into another dataset, and as a no-op upsert into its own', async () => {
    const id = await dataset();
    const lines = [
      { input: { q: 'one' }, expected_output: 'uno', tags: ['t'], metadata: { k: 1 }, splits: ['train'] },
      { input: 'two', external_id: 'x2', persona: '', prompt: null },
    ];
    await importFile(id, 'jsonl', lines.map((l) => JSON.stringify(l)).join('\n'));
    const exported = (await exportBytes(id)).bytes.toString();

    const again = await importFile(id, 'jsonl', exported, { mode: 'upsert' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, unchanged: 2 });
    expect((await importFile(id, 'jsonl', exported)).status).toBe(409);

    const copy = await dataset();
    expect((await importFile(copy, 'jsonl', exported)).status).toBe(201);
    const strip = (d: any) => ({ ...d, version: undefined, created_at: undefined, updated_at: undefined, seq: undefined });
    expect((await all(copy)).map(strip)).toEqual((await all(id)).map(strip));
  });

  it('reads Parquet, with nested columns reached by dotted paths, and splits from the request', async () => {
    const id = await dataset();
    const file = parquetFile([
      {
        name: 'row',
        data: [
          { q: 'first', c: 'ctx1' },
          { q: 'second', c: null },
        ],
        struct: true,
      },
      { name: 'answer', data: ['A', 'B'] },
      { name: 'note', data: ['n1', null] },
    ]);
    const res = await importFile(id, 'parquet', file, {
      mapping: { fields: { input: 'row.q', context: 'row.c', expected_output: 'answer' } },
      split: 'test',
    });
    expect(res.status, res.text).toBe(201);
    expect((await all(id)).map((d) => [d.input, d.context, d.expected_output, d.metadata, d.splits])).toEqual([
      ['first', 'ctx1', 'A', { note: 'n1' }, ['test']],
      ['second', null, 'B', { note: null }, ['test']],
    ]);
    expect((await all(id, '&split=test')).length).toBe(2);
    expect((await all(id, '&split=train')).length).toBe(0);
  });

  it('answers other requests while an import is still streaming in, and shows none of its rows until it commits', async () => {
    const id = await dataset();
    const other = await dataset();
    await importFile(other, 'jsonl', '{"input":"other"}\n');
    const line = (i: number) => JSON.stringify({ input: i, expected_output: 'x'.repeat(1000) }) + '\n';
    const upload = http.request(`${server.url}/v1/datasets/${id}/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${p.write}`, 'content-type': 'application/x-ndjson' },
    });
    const answered = new Promise<{ status: number; body: any }>((resolve, reject) => {
      upload.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      });
      upload.on('error', reject);
    });
    // Several write batches' worth, handed to the socket: the server is reading them while the request stays open.
    for (let i = 0; i < 5000; i++) upload.write(line(i));
    await new Promise<void>((resolve) => upload.write(line(5000), () => resolve()));

    expect((await server.request('GET', '/healthz', { key: null })).status).toBe(200);
    expect((await all(other)).map((d) => d.input)).toEqual(['other']);
    expect(await head(id)).toMatchObject({ head_version: 0, datapoint_count: 0 });
    expect(await all(id)).toEqual([]);

    upload.end(line(5001));
    const done = await answered;
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ version: 1, added: 5002 });
    expect(await head(id)).toMatchObject({ head_version: 1, datapoint_count: 5002 });
  });

  it('takes gzip-, deflate- and zstd-compressed bodies', async () => {
    const id = await dataset();
    const text = '{"input":"zipped"}\n';
    const zstd = execFileSync('zstd', ['-c', '-q'], { input: text });
    for (const [encoding, data] of [
      ['gzip', zlib.gzipSync(text)],
      ['deflate', zlib.deflateSync(text)],
      ['zstd', zstd],
    ] as const) {
      const res = await importFile(id, 'jsonl', data, {}, { 'content-encoding': encoding });
      expect(res.status, encoding).toBe(201);
    }
    expect((await all(id)).map((d) => d.input)).toEqual(['zipped', 'zipped', 'zipped']);
    const bad = await importFile(id, 'jsonl', Buffer.from('not gzip'), {}, { 'content-encoding': 'gzip' });
    expect(bad.status).toBe(400);
    const unknown = await importFile(id, 'jsonl', text, {}, { 'content-encoding': 'compress' });
    expect(unknown.status).toBe(415);
  });

  it('exports Parquet and OpenAI chat JSONL, with the listing filters', async () => {
    const id = await dataset();
    await importFile(
      id,
      'jsonl',
      [
        { input: 'hi', expected_output: 'hello', prompt: 'be kind', tags: ['greet'] },
        { input: { messages: [{ role: 'user', content: 'q' }] }, expected_output: { role: 'assistant', content: 'a' } },
        { input: 'no answer' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const openai = await exportBytes(id, '?format=openai');
    expect(openai.type).toContain('application/x-ndjson');
    expect(
      openai.bytes
        .toString()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      {
        messages: [
          { role: 'system', content: 'be kind' },
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'hello' },
        ],
      },
      {
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: 'a' },
        ],
      },
    ]);
    const parquet = await exportBytes(id, '?format=parquet&tag=greet');
    expect(parquet.type).toBe('application/vnd.apache.parquet');
    const rows = await parquetReadObjects({ file: new Uint8Array(parquet.bytes).buffer });
    expect(rows).toEqual([expect.objectContaining({ input: 'hi', expected_output: 'hello', tags: ['greet'], order: 0n })]);
  });
});
