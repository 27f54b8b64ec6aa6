import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * The Hub surface over plain HTTP: what `huggingface_hub` (Python) reads that the JS
 * client test (test/clients/hf-hub.test.ts) does not: the HEAD on resolve, form bodies,
 * error codes, refs, tree pages.
 */

const server = useServer();
let p: ProjectKeys;
let datasetId: string;
let repo: string;

const hf = (
  method: string,
  path: string,
  options: { key?: string; headers?: Record<string, string>; raw?: { type: string; data: string } } = {},
) => server.request(method, `/compat/hf${path}`, { key: options.key ?? `hf_${p.read}`, headers: options.headers, raw: options.raw });

beforeAll(async () => {
  p = await server.project('hf-http');
  repo = `${p.ns}/qa`;
  datasetId = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'qa', description: 'Questions' } })).body.id;
  const add = [
    { input: 'q1', expected_output: 'a1', splits: ['train'] },
    { input: 'q2', expected_output: 'a2', splits: ['train'] },
    { input: 'q3', expected_output: 'a3', splits: ['test'] },
  ];
  await server.request('POST', `/v1/datasets/${datasetId}/versions`, { key: p.write, body: { add } });
  await server.request('PUT', `/v1/datasets/${datasetId}/tags/v1.0`, { key: p.write, body: { version: 1 } });
  await server.request('POST', `/v1/datasets/${datasetId}/versions`, { key: p.write, body: { add: [{ input: 'q4', splits: ['train'] }] } });
});

describe(`Hub surface over HTTP (${DIALECT})`, () => {
  it('answers the HEAD on resolve with the headers huggingface_hub needs, stable across requests', async () => {
    const info = (await hf('GET', `/api/datasets/${repo}`)).body;
    const head = await hf('HEAD', `/datasets/${repo}/resolve/main/data/train-00000-of-00001.parquet`, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-repo-commit')).toBe(info.sha);
    expect(head.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
    expect(head.headers.get('x-linked-etag')).toBe(head.headers.get('etag'));
    const size = Number(head.headers.get('content-length'));
    expect(size).toBeGreaterThan(100);
    expect(head.headers.get('x-linked-size')).toBe(String(size));
    expect(head.headers.get('location')).toBeNull();
    const get = await hf('GET', `/datasets/${repo}/resolve/${info.sha}/data/train-00000-of-00001.parquet`);
    expect(get.headers.get('etag')).toBe(head.headers.get('etag'));
    expect(Number(get.headers.get('content-length'))).toBe(size);

    const card = await hf('HEAD', `/datasets/${repo}/resolve/main/README.md`);
    expect(card.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
    expect(card.headers.get('x-linked-etag')).toBeNull();
    expect(card.headers.get('x-repo-commit')).toBe(info.sha);
    expect(
      (await hf('GET', `/datasets/${repo}/resolve/main/README.md`, { headers: { 'if-none-match': card.headers.get('etag')! } })).status,
    ).toBe(304);
  });

  it('names what is missing in X-Error-Code, with the Hub error body', async () => {
    const noRepo = await hf('GET', `/api/datasets/${p.ns}/nope`);
    expect(noRepo.status).toBe(404);
    expect(noRepo.headers.get('x-error-code')).toBe('RepoNotFound');
    expect(noRepo.body).toEqual({ error: 'Repository not found' });
    const noRev = await hf('HEAD', `/datasets/${repo}/resolve/v9/README.md`);
    expect([noRev.status, noRev.headers.get('x-error-code')]).toEqual([404, 'RevisionNotFound']);
    const noSha = await hf('GET', `/api/datasets/${repo}/revision/${'0'.repeat(40)}`);
    expect([noSha.status, noSha.headers.get('x-error-code')]).toEqual([404, 'RevisionNotFound']);
    const noEntry = await hf('HEAD', `/datasets/${repo}/resolve/main/data/validation-00000-of-00001.parquet`);
    expect([noEntry.status, noEntry.headers.get('x-error-code')]).toEqual([404, 'EntryNotFound']);
    expect(noEntry.headers.get('x-repo-commit')).toMatch(/^[0-9a-f]{40}$/);
    const noKey = await hf('GET', `/api/datasets/${repo}`, { key: 'hf_ds_not-a-key' });
    expect(noKey.status).toBe(401);
    expect(noKey.body.error).toBe('Invalid credentials in Authorization header');
    expect((await hf('GET', `/api/datasets/${repo}`, { key: p.read })).status).toBe(200);
  });

  it('serves byte ranges, and refuses one outside the file with 416', async () => {
    const url = `/datasets/${repo}/resolve/main/README.md`;
    const whole = await hf('GET', url);
    const size = whole.text.length;
    const part = await hf('GET', url, { headers: { range: 'bytes=4-10' } });
    expect(part.status).toBe(206);
    expect(part.text).toBe(whole.text.slice(4, 11));
    expect(part.headers.get('content-range')).toBe(`bytes 4-10/${size}`);
    const tail = await hf('GET', url, { headers: { range: 'bytes=-5' } });
    expect(tail.text).toBe(whole.text.slice(-5));
    const beyond = await hf('GET', url, { headers: { range: `bytes=${size}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${size}`);
  });

  it('lists branches and tags with their commits', async () => {
    const refs = (await hf('GET', `/api/datasets/${repo}/refs`)).body;
    const atV1 = (await hf('GET', `/api/datasets/${repo}/revision/v1.0`)).body.sha;
    const atMain = (await hf('GET', `/api/datasets/${repo}/revision/main`)).body.sha;
    expect(atV1).not.toBe(atMain);
    expect(refs).toEqual({
      branches: [{ name: 'main', ref: 'refs/heads/main', targetCommit: atMain }],
      tags: [{ name: 'v1.0', ref: 'refs/tags/v1.0', targetCommit: atV1 }],
      converts: [],
    });
  });

  it('pages the tree with Link headers, and answers paths-info for a form as huggingface_hub posts it', async () => {
    const seen: string[] = [];
    let next: string | null = `/api/datasets/${repo}/tree/main?recursive=true&limit=2`;
    while (next) {
      const page = await hf('GET', next);
      expect(page.status).toBe(200);
      seen.push(...page.body.map((e: { path: string }) => e.path));
      const link = page.headers.get('link');
      next = link
        ? new URL(/<([^>]+)>; rel="next"/.exec(link)![1]).pathname.replace('/compat/hf', '') + new URL(/<([^>]+)>/.exec(link)![1]).search
        : null;
    }
    expect(seen).toEqual(['README.md', 'data', 'data/test-00000-of-00001.parquet', 'data/train-00000-of-00001.parquet']);
    const top = (await hf('GET', `/api/datasets/${repo}/tree/main`)).body;
    expect(top.map((e: { path: string; type: string }) => [e.path, e.type])).toEqual([
      ['README.md', 'file'],
      ['data', 'directory'],
    ]);
    const form = await hf('POST', `/api/datasets/${repo}/paths-info/main`, {
      raw: {
        type: 'application/x-www-form-urlencoded',
        data: 'paths=README.md&paths=data%2Ftest-00000-of-00001.parquet&paths=nope&expand=true',
      },
    });
    expect(form.status).toBe(200);
    expect(form.body.map((e: { path: string }) => e.path)).toEqual(['README.md', 'data/test-00000-of-00001.parquet']);
    expect(form.body[1]).toMatchObject({
      type: 'file',
      lfs: { size: form.body[1].size },
      lastCommit: { id: expect.stringMatching(/^[0-9a-f]{40}$/) },
    });
    expect(form.body[1].lfs.oid).toMatch(/^[0-9a-f]{64}$/);
  });

  it('renders the card from the version: configs per split, the description as its body', async () => {
    const card = (await hf('GET', `/datasets/${repo}/resolve/v1.0/README.md`)).text;
    expect(card).toContain('configs:\n- config_name: "default"\n  data_files:\n  - split: "test"\n    path: "data/test-*"');
    expect(card).toContain('# qa\n\nQuestions\n');
    const info = (await hf('GET', `/api/datasets/${repo}/revision/v1.0`)).body;
    expect(info).toMatchObject({ id: repo, author: p.ns, private: true, _id: datasetId });
    expect(info.cardData.configs[0].data_files.map((f: { split: string }) => f.split)).toEqual(['test', 'train']);
  });

  it('refuses commits it cannot make exactly, and changes nothing for them', async () => {
    const line = (key: string, value: object) => JSON.stringify({ key, value });
    const file = (path: string, text: string) => line('file', { path, content: Buffer.from(text).toString('base64'), encoding: 'base64' });
    const commit = (...lines: string[]) =>
      hf('POST', `/api/datasets/${repo}/commit/main`, {
        key: `hf_${p.write}`,
        raw: { type: 'application/x-ndjson', data: lines.join('\n') },
      });
    const head = (await hf('GET', `/api/datasets/${repo}`)).body.sha;
    const config = await commit(
      line('header', { summary: 's' }),
      file('data/train.jsonl', '{"input":"x"}\n'),
      file('meta//info.json', '{}'),
    );
    expect([config.status, config.body.error]).toEqual([400, expect.stringContaining('meta//info.json')]);
    const unsent = await commit(line('lfsFile', { path: 'videos/a.mp4', algo: 'sha256', oid: 'b'.repeat(64), size: 3 }));
    expect([unsent.status, unsent.body.error]).toEqual([400, expect.stringContaining('was not uploaded')]);
    const missing = await commit(line('deletedFile', { path: 'data/validation-00000-of-00001.parquet' }));
    expect([missing.status, missing.headers.get('x-error-code')]).toEqual([404, 'EntryNotFound']);
    const notUploaded = await commit(line('lfsFile', { path: 'data/train.parquet', algo: 'sha256', oid: 'a'.repeat(64), size: 3 }));
    expect([notUploaded.status, notUploaded.body.error]).toEqual([400, expect.stringContaining('was not uploaded')]);
    expect((await commit(line('nope', {}))).status).toBe(400);
    const empty = await hf('POST', `/api/datasets/${repo}/commit/main`, { key: `hf_${p.write}` });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe('send the commit as the request body: NDJSON lines, a header first');
    const cardOnly = await commit(line('header', { summary: 'card', parentCommit: head }), file('README.md', '# mine'));
    expect(cardOnly.body).toMatchObject({ success: true, commitOid: head });
    expect((await hf('GET', `/api/datasets/${repo}`)).body.sha).toBe(head);
    expect((await server.request('GET', `/v1/datasets/${datasetId}`, { key: p.read })).body.head_version).toBe(2);
  });
});
