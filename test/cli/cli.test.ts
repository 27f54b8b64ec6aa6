import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const run = promisify(execFile);
const server = useServer();
let p: ProjectKeys;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-cli-'));

beforeAll(async () => {
  p = await server.project('cli');
});

/** Runs the installed `datashelf` command against the test server. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/datashelf.mjs', ...args, '--url', server.url, '--no-progress'], {
      env: { ...process.env, DATASHELF_KEY: p.write },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const dataset = async (name: string) => (await server.request('POST', '/v1/datasets', { key: p.write, body: { name } })).body.id as string;
const inputs = async (id: string) =>
  (await server.request('GET', `/v1/datasets/${id}/datapoints?limit=1000`, { key: p.read })).body.data.map((d: any) => d.input);

describe(`the datashelf CLI (${DIALECT})`, () => {
  it('imports JSONL as a new version and exports it back, byte for byte in content', async () => {
    const id = await dataset('from-jsonl');
    const file = path.join(dir, 'points.jsonl');
    fs.writeFileSync(
      file,
      Array.from({ length: 300 }, (_, i) => JSON.stringify({ input: { i }, expected_output: `a${i}`, tags: ['cli'] })).join('\n') + '\n',
    );
    const imported = await cli('import', id, file, '--message', 'from the cli');
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ version: 1, added: 300, message: 'from the cli' });

    const out = path.join(dir, 'out.jsonl');
    expect((await cli('export', id, '-o', out)).code).toBe(0);
    const rows = fs
      .readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.input.i)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(rows[0]).toMatchObject({ expected_output: 'a0', tags: ['cli'] });
  });

  it('round-trips through CSV: an export imports into another dataset', async () => {
    const source = await dataset('csv-source');
    await server.request('POST', `/v1/datasets/${source}/versions`, {
      key: p.write,
      body: {
        add: [
          { input: { q: 'a, "quoted"' }, expected_output: 'x', persona: 'pirate', tags: ['t1', 't2'], source: 'seed' },
          { input: 'plain text', prompt: 'multi\nline', metadata: { k: 1 } },
        ],
      },
    });
    const csv = path.join(dir, 'out.csv');
    expect((await cli('export', source, '--format', 'csv', '-o', csv)).code).toBe(0);
    const target = await dataset('csv-target');
    const imported = await cli('import', target, csv);
    expect(imported.code, imported.stderr).toBe(0);
    const copied = (await server.request('GET', `/v1/datasets/${target}/datapoints`, { key: p.read })).body.data;
    expect(copied.map((d: any) => [d.input, d.expected_output, d.persona, d.tags, d.source, d.prompt, d.metadata])).toEqual([
      [{ q: 'a, "quoted"' }, 'x', 'pirate', ['t1', 't2'], 'seed', null, {}],
      ['plain text', null, null, [], null, 'multi\nline', { k: 1 }],
    ]);
  });

  it('keeps extra CSV columns as metadata and replaces with --replace', async () => {
    const id = await dataset('csv-extra');
    const file = path.join(dir, 'extra.csv');
    fs.writeFileSync(file, 'input,expected_output,team\nhello,"{""a"":1}",red\n');
    expect((await cli('import', id, file)).code).toBe(0);
    const [point] = (await server.request('GET', `/v1/datasets/${id}/datapoints`, { key: p.read })).body.data;
    expect(point).toMatchObject({ input: 'hello', expected_output: { a: 1 }, metadata: { team: 'red' } });
    const jsonl = path.join(dir, 'one.jsonl');
    fs.writeFileSync(jsonl, '{"input":"only"}\n');
    expect(JSON.parse((await cli('import', id, jsonl, '--replace')).stdout)).toMatchObject({ version: 2, datapoint_count: 1 });
    expect(await inputs(id)).toEqual(['only']);
  });

  it('fails clearly, storing nothing, on a bad line, a bad key or a wrong file', async () => {
    const id = await dataset('cli-errors');
    const bad = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(bad, '{"input":1}\n{"input":\n');
    const res = await cli('import', id, bad);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('line 2');
    expect(await inputs(id)).toEqual([]);
    const denied = await run(process.execPath, [
      'bin/datashelf.mjs',
      'export',
      id,
      '--url',
      server.url,
      '--key',
      'ds_wrong',
      '--no-progress',
    ]).catch((e) => e);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('401');
    expect((await cli('import', id, path.join(dir, 'nothing.parquet'))).stderr).toContain('.jsonl, .ndjson or .csv');
    expect((await cli('frobnicate')).code).toBe(1);
  });
});
