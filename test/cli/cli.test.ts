import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parquetReadObjects } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const exec = promisify(execFile);
const server = useServer();
let p: ProjectKeys;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-cli-'));
const config = path.join(dir, 'config', 'datashelf.json');

beforeAll(async () => {
  p = await server.project('cli');
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the installed `datashelf` command, with only the environment given (no saved login unless one is made). */
async function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['bin/datashelf.mjs', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, DATASHELF_CONFIG: config, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The CLI against the test server with the project's write key, progress off. */
const cli = (...args: string[]) => run([...args, '--no-progress'], { DATASHELF_URL: server.url, DATASHELF_KEY: p.write });
const file = (name: string, text: string) => {
  const at = path.join(dir, name);
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.writeFileSync(at, text);
  return at;
};
const datapoints = async (name: string) => {
  const id = JSON.parse((await cli('datasets', 'show', name, '--json')).stdout).id;
  return (await server.request('GET', `/v1/datasets/${id}/datapoints?limit=1000`, { key: p.read })).body.data as any[];
};

/** A port nothing listens on: one just given back by the system. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function parquetShard(at: string, rows: { question: string; answer: string }[]): string {
  const text = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' } as const;
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({
    writer,
    schema: [
      { name: 'root', num_children: 2 },
      { name: 'question', ...text },
      { name: 'answer', ...text },
    ],
  });
  void parquet.write({ columnData: ['question', 'answer'].map((c) => ({ name: c, data: rows.map((r) => r[c as 'question']) })) });
  void parquet.finish();
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.writeFileSync(at, new Uint8Array(writer.getBuffer()));
  return at;
}

describe(`the datashelf CLI (${DIALECT})`, () => {
  it('logs in to a 0600 config file, which later commands use, and environment variables override', async () => {
    const login = await run(['login', '--url', server.url, '--key', p.write, '--project', `${p.ns}/${p.project}`]);
    expect(login.code, login.stderr).toBe(0);
    expect(fs.statSync(config).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(config, 'utf8'))).toEqual({ url: server.url, key: p.write, project: `${p.ns}/${p.project}` });

    const created = await run(['datasets', 'create', 'logged-in']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^created dataset "logged-in" \(/);
    const denied = await run(['datasets', 'ls'], { DATASHELF_KEY: 'ds_wrong_key' });
    expect(denied).toMatchObject({ code: 4, stdout: '' });
    expect(denied.stderr).toBe('datashelf: the API key is not valid or has been revoked (HTTP 401)\n');

    const wrongLogin = await run(['login', '--url', server.url, '--key', 'ds_wrong_key']);
    expect(wrongLogin.code).toBe(4);
    expect(JSON.parse(fs.readFileSync(config, 'utf8')).key).toBe(p.write);
  });

  it('lists, shows and removes datasets by name', async () => {
    expect((await cli('datasets', 'create', 'ds-one', '--description', 'first')).code).toBe(0);
    const ls = await cli('datasets', 'ls');
    expect(ls.stdout.split('\n')[0]).toMatch(/^ID +NAME +VERSION +DATAPOINTS +UPDATED$/);
    expect(ls.stdout).toMatch(/ds-one +0 +0 /);
    expect((await cli('datasets', 'show', 'ds-one')).stdout).toMatch(/^id {10}[0-9a-f-]{36}\nname {8}ds-one\ndescription first\n/);
    expect((await cli('datasets', 'rm', 'ds-one')).stdout).toMatch(/^deleted dataset "ds-one"/);
    const gone = await cli('datasets', 'show', 'ds-one');
    expect(gone).toMatchObject({ code: 1, stderr: 'datashelf: no dataset named "ds-one"\n' });
  });

  it('imports a spreadsheet with --map and --type, then upserts and syncs, saying what changed', async () => {
    await cli('datasets', 'create', 'sheet');
    const csv = (answers: string[]) =>
      file('sheet.csv', ['id,question,context,answer,score', ...answers.map((a, i) => `q${i},Q${i},ctx ${i},${a},${i}`)].join('\n'));
    const map = ['--map', 'external_id=id', '--map', 'input=question,context', '--map', 'expected_output=answer', '--type', 'score=number'];
    const first = await cli('import', 'sheet', csv(['42', 'true', '']), ...map, '--message', 'v1');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe('version 1 of "sheet": 3 added, 0 updated, 0 deleted, 0 unchanged (3 rows read; 3 datapoints)\n');
    expect((await datapoints('sheet')).map((d) => [d.external_id, d.input, d.expected_output, d.metadata])).toEqual([
      ['q0', { question: 'Q0', context: 'ctx 0' }, '42', { score: 0 }],
      ['q1', { question: 'Q1', context: 'ctx 1' }, 'true', { score: 1 }],
      ['q2', { question: 'Q2', context: 'ctx 2' }, null, { score: 2 }],
    ]);
    const again = await cli('import', 'sheet', csv(['42', 'true', '']), ...map, '--upsert');
    expect(again.stdout).toBe('no change: all 3 rows match version 1 of "sheet"\n');
    const changed = await cli('import', 'sheet', csv(['42', 'false', '', 'new']), ...map, '--upsert');
    expect(changed.stdout).toBe('version 2 of "sheet": 1 added, 1 updated, 0 deleted, 2 unchanged (4 rows read; 4 datapoints)\n');
    const synced = await cli('import', 'sheet', csv(['42']), ...map, '--sync', '--json');
    expect(JSON.parse(synced.stdout)).toMatchObject({ version: 3, deleted: 3, unchanged: 1, datapoint_count: 1 });

    const diff = await cli('diff', 'sheet', '1', '2', '--detail');
    expect(diff.stdout.split('\n')).toEqual([
      'sheet 1 -> 2: 1 added, 0 removed, 1 changed',
      expect.stringMatching(/^~ [0-9a-f-]{36} {2}expected_output: true -> false$/),
      expect.stringMatching(/^\+ [0-9a-f-]{36} {2}\{"question":"Q3","context":"ctx 3"\}$/),
      '',
    ]);
    const versions = await cli('versions', 'sheet');
    expect(versions.stdout.split('\n').slice(0, 2)).toEqual([
      expect.stringMatching(/^VERSION +CREATED +ADDED +UPDATED +DELETED +DATAPOINTS +MESSAGE$/),
      expect.stringMatching(/^3 +\S+ +0 +0 +3 +1 *$/),
    ]);
  });

  it('tags versions, reads and diffs by tag, and restores one', async () => {
    await cli('datasets', 'create', 'tagged');
    await cli('import', 'tagged', file('t1.jsonl', '{"input":"a","external_id":"a"}\n{"input":"b","external_id":"b"}'));
    await cli('import', 'tagged', file('t2.jsonl', '{"input":"a!","external_id":"a"}'), '--sync');
    expect((await cli('tag', 'tagged', 'baseline', '1')).stdout).toBe('tagged: baseline -> version 1\n');
    expect((await cli('tag', 'tagged', 'prod', 'baseline')).stdout).toBe('tagged: prod -> version 1\n');
    expect((await cli('tag', 'tagged')).stdout.split('\n').slice(1, 3)).toEqual([
      expect.stringMatching(/^baseline +1 +\S+$/),
      expect.stringMatching(/^prod +1 +\S+$/),
    ]);
    const exported = await cli('export', 'tagged', '--version', 'prod');
    expect(
      exported.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).input),
    ).toEqual(['a', 'b']);
    expect((await cli('diff', 'tagged', 'prod', '2')).stdout).toBe('tagged prod -> 2: 0 added, 1 removed, 1 changed\n');
    const restored = await cli('restore', 'tagged', 'prod');
    expect(restored.stdout).toBe('version 3 of "tagged" restores prod: 1 added, 1 updated, 0 deleted (2 datapoints)\n');
    expect((await datapoints('tagged')).map((d) => d.input)).toEqual(['a', 'b']);
    const unknown = await cli('restore', 'tagged', 'nosuch');
    expect([unknown.code, unknown.stderr]).toEqual([1, 'datashelf: version tag "nosuch" not found (HTTP 404)\n']);
  });

  it('exports every format, and each exported file imports back exactly', async () => {
    await cli('datasets', 'create', 'source');
    const lines = [
      { input: { q: 'a, "quoted"' }, expected_output: 'x', persona: 'pirate', tags: ['t1', 't2'], source: 'seed', external_id: 'one' },
      { input: 'plain\ntext', prompt: 'multi\nline', metadata: { k: 1 }, expected_output: '', splits: ['test'] },
    ];
    expect((await cli('import', 'source', file('source.jsonl', lines.map((l) => JSON.stringify(l)).join('\n')))).code).toBe(0);
    const original = await datapoints('source');
    const content = (d: any) => ({ ...d, id: undefined, seq: undefined, version: undefined, created_at: undefined, updated_at: undefined });
    for (const format of ['jsonl', 'csv', 'parquet']) {
      const out = path.join(dir, `out.${format}`);
      const exported = await cli('export', 'source', '--format', format, '-o', out);
      expect(exported.code, exported.stderr).toBe(0);
      const copy = `copy-${format}`;
      const imported = await cli('import', copy, out, '--create');
      expect(imported.code, imported.stderr).toBe(0);
      expect((await datapoints(copy)).map(content), format).toEqual(original.map(content));
    }
    const rows = await parquetReadObjects({ file: new Uint8Array(fs.readFileSync(path.join(dir, 'out.parquet'))).buffer });
    expect(rows[0]).toMatchObject({ input: { q: 'a, "quoted"' }, tags: ['t1', 't2'], external_id: 'one' });

    const openai = await cli('export', 'source', '--format', 'openai');
    expect(openai.stdout).toBe(
      '{"messages":[{"role":"user","content":"{\\"q\\":\\"a, \\\\\\"quoted\\\\\\"\\"}"},{"role":"assistant","content":"x"}]}\n' +
        '{"messages":[{"role":"system","content":"multi\\nline"},{"role":"user","content":"plain\\ntext"},{"role":"assistant","content":""}]}\n',
    );
    const inputs = (stdout: string) =>
      stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).input);
    expect(inputs((await cli('export', 'source', '--split', 'test')).stdout)).toEqual(['plain\ntext']);
    expect(inputs((await cli('export', 'source', '--search', 'PLAIN')).stdout)).toEqual(['plain\ntext']);
  });

  it('imports a Hugging Face dataset directory as one version, each row in its split', async () => {
    const hf = path.join(dir, 'hf');
    parquetShard(path.join(hf, 'data', 'train-00000-of-00002.parquet'), [{ question: 'q1', answer: 'a1' }]);
    parquetShard(path.join(hf, 'data', 'train-00001-of-00002.parquet'), [{ question: 'q2', answer: 'a2' }]);
    parquetShard(path.join(hf, 'data', 'test-00000-of-00001.parquet'), [{ question: 'q3', answer: 'a3' }]);
    const res = await cli('import', 'hf', hf, '--create', '--map', 'input=question', '--map', 'expected_output=answer');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^version 1 of "hf": 3 added/);
    expect((await datapoints('hf')).map((d) => [d.input, d.expected_output, d.splits])).toEqual([
      ['q3', 'a3', ['test']],
      ['q1', 'a1', ['train']],
      ['q2', 'a2', ['train']],
    ]);
  });

  it('cuts a dataset from telemetry and manages keys', async () => {
    const container = (await server.request('POST', '/v1/containers', { key: p.write, body: { label: 'cli-prod' } })).body.id;
    await server.request('POST', `/v1/containers/${container}/events`, {
      key: p.write,
      body: [
        { model_name: 'm', status: 'ok', input: 'one', output: '1' },
        { model_name: 'm', status: 'error', input: 'two', output: '2' },
      ],
    });
    const filters = JSON.stringify([{ key: 'status', operator: 'equals', value: 'ok' }]);
    const cut = await cli('cut', 'from-prod', '--container', 'cli-prod', '--size', '10', '--filters', filters);
    expect(cut.code, cut.stderr).toBe(0);
    expect(cut.stdout).toMatch(/^cut dataset "from-prod" \([0-9a-f-]{36}\): 1 datapoints\n$/);

    const admin = (...args: string[]) =>
      run([...args, '--project', `${p.ns}/${p.project}`, '--no-progress'], { DATASHELF_URL: server.url, DATASHELF_KEY: p.admin });
    const created = await admin('keys', 'create', 'ci', '--role', 'read', '--json');
    const key = JSON.parse(created.stdout);
    expect(key).toMatchObject({ name: 'ci', role: 'read', key: expect.any(String) });
    expect((await admin('keys', 'ls')).stdout).toContain(`${key.id}  ci`);
    expect((await admin('keys', 'revoke', key.id)).stdout).toBe(`revoked key ${key.id}\n`);
    expect((await admin('keys', 'ls')).stdout).not.toContain(key.id);
    expect((await run(['datasets', 'ls'], { DATASHELF_URL: server.url, DATASHELF_KEY: key.key })).code).toBe(4);
  });

  it('fails with one clear line and a documented exit code, storing nothing', async () => {
    await cli('datasets', 'create', 'errors');
    const many = Array.from({ length: 5000 }, (_, i) => `q${i},a${i}`).join('\n');
    const badCsv = await cli('import', 'errors', file('bad.csv', `input,expected_output\n${many}\n"unclosed,x\n`));
    expect(badCsv.code).toBe(1);
    expect(badCsv.stderr).toBe('datashelf: line 5002: the file ends inside a quoted cell opened there (HTTP 400)\n');
    const badRow = await cli('import', 'errors', file('bad.jsonl', '{"input":1}\n{"input":2,"persona":7}\n'));
    expect(badRow).toMatchObject({ code: 1, stderr: 'datashelf: line 2/persona must be string,null (HTTP 422)\n' });
    expect(await datapoints('errors')).toEqual([]);

    const closed = await closedPort();
    const unreachable = await run(['datasets', 'ls'], { DATASHELF_URL: `http://127.0.0.1:${closed}`, DATASHELF_KEY: p.write });
    expect(unreachable).toMatchObject({ code: 3, stderr: `datashelf: cannot reach http://127.0.0.1:${closed}: connection refused\n` });
    expect((await cli('import', 'errors', path.join(dir, 'nothing.jsonl'))).stderr).toContain('nothing.jsonl: no such file or directory');
    expect((await cli('import', 'errors', file('rows.txt', 'x'))).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('import', 'errors', 'x', '--upsert', '--sync')).stderr).toBe('datashelf: choose one of --upsert, --sync\n');
    const noKey = await run(['datasets', 'ls'], { DATASHELF_URL: server.url, DATASHELF_CONFIG: path.join(dir, 'none.json') });
    expect(noKey).toMatchObject({ code: 2, stderr: 'datashelf: no API key: run datashelf login, or pass --key or set DATASHELF_KEY\n' });
  });

  it('reports progress as plain lines off a terminal: the upload, then the commit', async () => {
    await cli('datasets', 'create', 'progress');
    const rows = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ input: i })).join('\n');
    const res = await run(['import', 'progress', file('progress.jsonl', rows)], { DATASHELF_URL: server.url, DATASHELF_KEY: p.write });
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^upload: started \(\d+ kB\)$/);
    expect(lines).toContainEqual(expect.stringMatching(/^upload: \d+ kB in \d+(\.\d)? s$/));
    expect(lines.at(-1)).toBe('commit: the server is writing the version…');
  });

  it('shows an early refusal of a 40 MB upload with its status and message, and exits', async () => {
    await cli('datasets', 'create', 'refused');
    const row = JSON.stringify({ question: 'q', answer: 'x'.repeat(500) }) + '\n';
    const rows = row.repeat(Math.ceil(40e6 / row.length));
    const big = file('big.jsonl', rows);
    const badMapping = await cli('import', 'refused', big, '--map', '{"frob":1}');
    expect(badMapping).toMatchObject({ code: 1, stderr: 'datashelf: mapping: frob is not a known field (HTTP 422)\n' });
    const noColumn = await cli('import', 'refused', big, '--map', 'input=nope');
    expect(noColumn.code).toBe(1);
    expect(noColumn.stderr).toMatch(
      /^datashelf: nothing in the file fills input or expected_output \(columns seen: "question", "answer"\).*\(HTTP 400\)\n$/,
    );
    const longLine = await cli(
      'import',
      'refused',
      file('long.jsonl', JSON.stringify({ input: 'y'.repeat(2 * 1024 * 1024) }) + '\n' + rows),
    );
    expect(longLine).toMatchObject({ code: 1, stderr: 'datashelf: line 1: longer than 1048576 bytes (HTTP 413)\n' });
    expect(await datapoints('refused')).toEqual([]);
  });

  it('leaves nothing behind when import --create fails: no dataset, live or deleted, and the name still free', async () => {
    const bad = file('create-bad.jsonl', '{"input":1}\n{"input":2,"persona":7}\n');
    const failed = await cli('import', 'never-made', bad, '--create');
    expect(failed).toMatchObject({ code: 1, stderr: 'datashelf: line 2/persona must be string,null (HTTP 422)\n' });
    expect((await cli('datasets', 'show', 'never-made')).stderr).toBe('datashelf: no dataset named "never-made"\n');
    expect(await server.store.db.selectFrom('datasets').select('id').where('name', '=', 'never-made').execute()).toEqual([]);

    const made = await cli('import', 'never-made', file('create-good.jsonl', '{"input":1}\n'), '--create');
    expect(made).toMatchObject({
      code: 0,
      stdout: 'version 1 of "never-made": 1 added, 0 updated, 0 deleted, 0 unchanged (1 rows read; 1 datapoints)\n',
    });
  });

  it('stops waiting on a server that never answers after --timeout, with one clear line', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    // Answers the dataset's lookup, then takes every upload and never answers it.
    const silent = http.createServer((req, res) => {
      if (req.method === 'GET' && req.url === `/v1/datasets/${id}`) res.end(JSON.stringify({ id, name: 'slow' }));
      else req.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    try {
      const env = { DATASHELF_URL: url, DATASHELF_KEY: p.write };
      const listing = await run(['datasets', 'ls', '--timeout', '1'], env);
      expect(listing).toMatchObject({ code: 3, stderr: `datashelf: no answer from ${url} in 1 s (--timeout)\n` });
      const upload = await run(['import', id, file('slow.jsonl', '{"input":1}\n'), '--no-progress'], { ...env, DATASHELF_TIMEOUT: '1' });
      expect(upload).toMatchObject({
        code: 3,
        stderr: `datashelf: no answer from ${url} in 1 s (--timeout); the file went up, and the import may still finish: see datashelf versions slow\n`,
      });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe(`the datashelf CLI with files (${DIALECT})`, () => {
  /** Bytes that start like a PNG, different for each seed. */
  const bytes = (seed: string, size = 3000) =>
    Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(size, seed), Buffer.from(seed)]);
  const binary = (name: string, data: Buffer) => {
    const at = path.join(dir, name);
    fs.mkdirSync(path.dirname(at), { recursive: true });
    fs.writeFileSync(at, data);
    return data;
  };
  const lines = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

  it('imports an imagefolder with metadata.jsonl in split folders as one version, and export --files writes the files back byte for byte', async () => {
    const cat = binary('pics/train/0001.png', bytes('cat'));
    const dog = binary('pics/train/0002.jpg', bytes('dog'));
    const same = binary('pics/test/0003.png', bytes('cat'));
    binary('pics/train/notes.txt', Buffer.from('not an image, named by no row'));
    file(
      'pics/train/metadata.jsonl',
      lines([
        { file_name: '0001.png', text: 'a cat', score: 1 },
        { file_name: '0002.jpg', text: 'a dog', score: 2 },
      ]),
    );
    file('pics/test/metadata.jsonl', lines([{ file_name: '0003.png', text: 'a cat again', score: 3 }]));

    const res = await cli('import', 'pics', path.join(dir, 'pics'), '--create', '--map', 'expected_output=text');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toBe('version 1 of "pics": 3 added, 0 updated, 0 deleted, 0 unchanged (3 rows read; 3 datapoints)\n');
    const points = await datapoints('pics');
    expect(points.map((d) => [d.external_id, d.splits, d.expected_output, d.metadata])).toEqual([
      ['test/0003.png', ['test'], 'a cat again', { score: 3 }],
      ['train/0001.png', ['train'], 'a cat', { score: 1 }],
      ['train/0002.jpg', ['train'], 'a dog', { score: 2 }],
    ]);
    expect(points[2].attachments.image).toMatchObject({ mime_type: 'image/jpeg', filename: '0002.jpg', size: dog.length });
    // The same bytes are one attachment, named by whichever upload came first.
    expect(points[0].attachments.image.id).toBe(points[1].attachments.image.id);
    expect(points[1].attachments.image).toMatchObject({ mime_type: 'image/png', filename: expect.stringMatching(/^000[13]\.png$/) });

    const out = path.join(dir, 'pics-out');
    const exported = await cli('export', 'pics', '--files', out, '-o', path.join(dir, 'pics.jsonl'));
    expect(exported.code, exported.stderr).toBe(0);
    const refs = fs
      .readFileSync(path.join(dir, 'pics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).attachments);
    expect(refs).toEqual(points.map((d) => ({ image: d.attachments.image.id })));
    expect(fs.readFileSync(path.join(out, 'train', '0001.png', 'image.png')).equals(cat)).toBe(true);
    expect(fs.readFileSync(path.join(out, 'train', '0002.jpg', 'image.jpg')).equals(dog)).toBe(true);
    expect(fs.readFileSync(path.join(out, 'test', '0003.png', 'image.png')).equals(same)).toBe(true);

    // The export imports back, naming the same attachments.
    const again = await cli('import', 'pics-copy', path.join(dir, 'pics.jsonl'), '--create');
    expect(again.code, again.stderr).toBe(0);
    expect((await datapoints('pics-copy')).map((d) => d.attachments.image.id)).toEqual(points.map((d) => d.attachments.image.id));
    expect((await cli('export', 'pics', '--files', out, '--format', 'csv')).code).toBe(2);
  });

  it('imports an audiofolder with metadata.csv, found without --format, its *_file_name columns as more attachments', async () => {
    const hello = binary('speech/clips/hello.wav', bytes('hello'));
    const noise = binary('speech/noise/hum.flac', bytes('hum'));
    binary('speech/clips/bye.mp3', bytes('bye'));
    file(
      'speech/metadata.csv',
      'file_name,noise_file_name,transcription,duration\nclips/hello.wav,noise/hum.flac,hello,1.5\nclips/bye.mp3,,"bye, then",0.5\n',
    );
    const res = await cli(
      'import',
      'speech',
      path.join(dir, 'speech'),
      '--create',
      '--type',
      'duration=number',
      '--map',
      'input=transcription',
    );
    expect(res.code, res.stderr).toBe(0);
    const points = await datapoints('speech');
    expect(points.map((d) => [d.external_id, d.input, d.metadata, d.splits, Object.keys(d.attachments)])).toEqual([
      ['clips/hello.wav', 'hello', { duration: 1.5 }, ['train'], ['audio', 'noise']],
      ['clips/bye.mp3', 'bye, then', { duration: 0.5 }, ['train'], ['audio']],
    ]);
    expect(points[0].attachments.audio).toMatchObject({ mime_type: 'audio/wav', filename: 'hello.wav', size: hello.length });
    expect(points[0].attachments.noise).toMatchObject({ mime_type: 'audio/flac', size: noise.length });

    const out = path.join(dir, 'speech-out');
    expect((await cli('export', 'speech', '--files', out, '-o', path.join(dir, 'speech.jsonl'))).code).toBe(0);
    expect(fs.readFileSync(path.join(out, 'clips', 'hello.wav', 'audio.wav')).equals(hello)).toBe(true);
    expect(fs.readFileSync(path.join(out, 'clips', 'hello.wav', 'noise.flac')).equals(noise)).toBe(true);
  });

  it('labels files by their class folder without metadata, and refuses a metadata row naming a missing file or one outside', async () => {
    binary('classes/train/cat/1.png', bytes('c1'));
    binary('classes/train/dog/2.png', bytes('d2'));
    binary('classes/test/dog/3.png', bytes('d3'));
    const res = await cli('import', 'classes', path.join(dir, 'classes'), '--create', '--format', 'imagefolder');
    expect(res.code, res.stderr).toBe(0);
    expect((await datapoints('classes')).map((d) => [d.external_id, d.splits, d.metadata])).toEqual([
      ['test/dog/3.png', ['test'], { label: 'dog' }],
      ['train/cat/1.png', ['train'], { label: 'cat' }],
      ['train/dog/2.png', ['train'], { label: 'dog' }],
    ]);

    binary('broken/a.png', bytes('a'));
    file('broken/metadata.jsonl', lines([{ file_name: 'a.png' }, { file_name: 'b.png' }]));
    const missing = await cli('import', 'broken', path.join(dir, 'broken'), '--create');
    expect(missing).toMatchObject({ code: 2, stderr: 'datashelf: metadata.jsonl, line 2: no file b.png\n' });
    file('broken/metadata.jsonl', lines([{ file_name: '../pics/train/0001.png' }]));
    const outside = await cli('import', 'broken', path.join(dir, 'broken'), '--create');
    expect(outside).toMatchObject({
      code: 2,
      stderr: "datashelf: metadata.jsonl, line 1: ../pics/train/0001.png is outside the metadata file's folder\n",
    });
    expect((await cli('datasets', 'show', 'broken')).code).toBe(1);
  });
});
