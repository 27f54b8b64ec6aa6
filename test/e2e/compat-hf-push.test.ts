import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * The Hub's write path over plain HTTP, as `huggingface_hub` (Python) speaks it where
 * the JS client test (test/clients/hf-hub-push.test.ts) cannot show it: the LFS batch
 * answers and their signed URLs, `verify`, and which keys may call which route.
 */

const server = useServer();
let p: ProjectKeys;
let repo: string;

const LFS = 'application/vnd.git-lfs+json';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const hf = (method: string, path: string, key: string, raw?: { type: string; data: string | Buffer }) =>
  server.request(method, `/compat/hf${path}`, { key: `hf_${key}`, raw });

const batch = (objects: { oid: string; size: number }[], key = p.write) =>
  hf('POST', `/datasets/${repo}.git/info/lfs/objects/batch`, key, {
    type: LFS,
    data: JSON.stringify({ operation: 'upload', transfers: ['basic', 'multipart'], hash_algo: 'sha_256', objects }),
  });

const verify = (oid: string, size: number, key = p.read) =>
  hf('POST', `/datasets/${repo}.git/info/lfs/objects/verify`, key, { type: LFS, data: JSON.stringify({ oid, size }) });

/** A signed URL called as the Hub's clients call it: with no token. */
const put = (url: string, body: Buffer) => fetch(url, { method: 'PUT', body });

beforeAll(async () => {
  p = await server.project('hf-lfs');
  repo = `${p.ns}/objects`;
  const made = await hf('POST', '/api/repos/create', p.write, {
    type: 'application/json',
    data: JSON.stringify({ name: 'objects', type: 'dataset' }),
  });
  expect(made.status).toBe(200);
});

describe(`Hub LFS uploads over HTTP (${DIALECT})`, () => {
  it('answers preupload lfs for binary and large files, regular for small text', async () => {
    const sample = (text: Buffer) => text.subarray(0, 512).toString('base64');
    const res = await hf('POST', `/api/datasets/${repo}/preupload/main`, p.write, {
      type: 'application/json',
      data: JSON.stringify({
        files: [
          { path: 'data/train.jsonl', size: 20, sample: sample(Buffer.from('{"input":"a"}\n')) },
          { path: 'data/train-00000-of-00001.parquet', size: 900, sample: sample(Buffer.from('PAR1\0\0\x15')) },
          { path: 'data/big.jsonl', size: 10_000_000, sample: sample(Buffer.from('{"input":"a"}\n')) },
        ],
      }),
    });
    expect(res.body.files.map((f: { uploadMode: string }) => f.uploadMode)).toEqual(['regular', 'lfs', 'lfs']);
  });

  it('takes a small object in one signed PUT, checks its bytes, and answers it held afterwards', async () => {
    const bytes = Buffer.from('PAR1 not really a parquet file PAR1');
    const oid = sha256(bytes);
    const answer = (await batch([{ oid, size: bytes.length }])).body;
    expect(answer.transfer).toBe('basic');
    const [object] = answer.objects;
    expect(object).toMatchObject({
      oid,
      size: bytes.length,
      actions: { verify: { href: expect.stringContaining('/info/lfs/objects/verify') } },
    });
    const href = object.actions.upload.href as string;
    expect(object.actions.upload.header).toBeUndefined();

    expect((await put(href, Buffer.from('other bytes of another length'))).status).toBe(400);
    const notYet = await verify(oid, bytes.length);
    expect([notYet.status, notYet.headers.get('x-error-code')]).toEqual([404, 'EntryNotFound']);
    const tampered = new URL(href);
    tampered.searchParams.set('size', String(bytes.length + 1));
    expect((await put(tampered.href, bytes)).status).toBe(403);
    const otherProject = new URL(href);
    otherProject.searchParams.set('project', (await server.project('hf-lfs-thief')).projectId);
    expect((await put(otherProject.href, bytes)).status).toBe(403);

    const stored = await put(href, bytes);
    expect([stored.status, await stored.json()]).toEqual([200, { oid, size: bytes.length }]);
    expect((await verify(oid, bytes.length)).status).toBe(200);
    expect((await verify(oid, bytes.length + 1)).status).toBe(404);
    expect((await batch([{ oid, size: bytes.length }])).body.objects).toEqual([{ oid, size: bytes.length }]);
  });

  it('takes a large object in signed parts, each answering an ETag, completed by the parts making its SHA-256', async () => {
    const chunk = 5 * 1024 * 1024;
    const bytes = Buffer.alloc(chunk + 10, 7);
    const oid = sha256(bytes);
    const [object] = (await batch([{ oid, size: bytes.length }])).body.objects;
    const { href, header } = object.actions.upload;
    expect(Object.keys(header)).toEqual(['1', '2', 'chunk_size']);
    expect(header.chunk_size).toBe(String(chunk));
    const etags: string[] = [];
    for (const [i, slice] of [bytes.subarray(0, chunk), bytes.subarray(chunk)].entries()) {
      const res = await put(header[String(i + 1)], slice);
      expect(res.status).toBe(200);
      etags.push(res.headers.get('etag')!);
    }
    expect(etags[1]).toBe(`"${sha256(bytes.subarray(chunk))}"`);
    // A client that offers only basic transfers sends any object in one PUT.
    const [basic] = (
      await hf('POST', `/datasets/${repo}.git/info/lfs/objects/batch`, p.write, {
        type: LFS,
        data: JSON.stringify({ operation: 'upload', transfers: ['basic'], objects: [{ oid, size: bytes.length }] }),
      })
    ).body.objects;
    expect(basic.actions.upload.header).toBeUndefined();
    const complete = (body: object) => fetch(href, { method: 'POST', headers: { 'content-type': LFS }, body: JSON.stringify(body) });
    const parts = etags.map((etag, i) => ({ partNumber: i + 1, etag }));
    expect((await complete({ oid: 'f'.repeat(64), parts })).status).toBe(400);
    expect((await complete({ oid: 'nope', parts })).status).toBe(400);
    expect((await complete({ oid, parts })).status).toBe(200);
    expect((await verify(oid, bytes.length)).status).toBe(200);
  });

  it('refuses bad input with 400, never 500', async () => {
    expect((await batch([{ oid: 'xyz', size: 1 }])).status).toBe(400);
    expect((await batch([{ oid: 'a'.repeat(64), size: -1 }])).status).toBe(400);
    const download = await hf('POST', `/datasets/${repo}.git/info/lfs/objects/batch`, p.write, {
      type: LFS,
      data: JSON.stringify({ operation: 'download', objects: [] }),
    });
    expect(download.status).toBe(400);
    expect((await hf('POST', `/datasets/${p.ns}/objects/info/lfs/objects/batch`, p.write, { type: LFS, data: '{}' })).status).toBe(400);
    expect((await hf('POST', `/datasets/${repo}.git/info/lfs/objects/batch`, p.write, { type: LFS, data: '{not json' })).status).toBe(400);
    const noGrant = await fetch(`${server.url}/compat/hf/lfs/objects/${'a'.repeat(64)}?size=1`, { method: 'PUT', body: 'x' });
    expect(noGrant.status).toBe(400);
    const commit = await hf('POST', `/api/datasets/${repo}/commit/main`, p.write, {
      type: 'application/x-ndjson',
      data: '{"key":"lfsFile","value":{"path":"data/a.parquet","oid":"zz"}}',
    });
    expect(commit.status).toBe(400);
  });

  it('makes and deletes tags as create_tag and delete_tag call them', async () => {
    const json = (data: object) => ({ type: 'application/json', data: JSON.stringify(data) });
    const line = JSON.stringify({
      key: 'file',
      value: { path: 'data/train.jsonl', content: Buffer.from('{"input":"q"}').toString('base64'), encoding: 'base64' },
    });
    const made = await hf('POST', `/api/datasets/${repo}/commit/main`, p.write, {
      type: 'application/x-ndjson',
      data: `{"key":"header","value":{"summary":"one"}}\n${line}`,
    });
    expect(made.status).toBe(200);
    const tagged = await hf('POST', `/api/datasets/${repo}/tag/main`, p.write, json({ tag: 'v3.0', message: 'first' }));
    expect(tagged.body).toEqual({ name: 'v3.0', ref: 'refs/tags/v3.0', targetCommit: made.body.commitOid });
    const refs = (await hf('GET', `/api/datasets/${repo}/refs`, p.read)).body;
    expect(refs.tags).toEqual([{ name: 'v3.0', ref: 'refs/tags/v3.0', targetCommit: made.body.commitOid }]);
    expect((await hf('GET', `/datasets/${repo}/resolve/v3.0/data/train-00000-of-00001.parquet`, p.read)).status).toBe(200);
    const again = await hf('POST', `/api/datasets/${repo}/tag/${made.body.commitOid}`, p.write, json({ tag: 'v3.0' }));
    expect(again.status).toBe(409);
    const byTag = await hf('POST', `/api/datasets/${repo}/tag/v3.0`, p.write, json({ tag: 'stable' }));
    expect(byTag.body.targetCommit).toBe(made.body.commitOid);
    const unknown = await hf('POST', `/api/datasets/${repo}/tag/v9`, p.write, json({ tag: 'later' }));
    expect([unknown.status, unknown.headers.get('x-error-code')]).toEqual([404, 'RevisionNotFound']);
    expect((await hf('POST', `/api/datasets/${repo}/tag/main`, p.write, json({ tag: '../x' }))).status).toBe(400);
    expect((await hf('POST', `/api/datasets/${repo}/tag/main`, p.write, json({}))).status).toBe(400);

    expect((await hf('DELETE', `/api/datasets/${repo}/tag/stable`, p.write)).status).toBe(204);
    const gone = await hf('DELETE', `/api/datasets/${repo}/tag/stable`, p.write);
    expect([gone.status, gone.headers.get('x-error-code')]).toEqual([404, 'RevisionNotFound']);
    expect((await hf('GET', `/api/datasets/${repo}/refs`, p.read)).body.tags.map((t: { name: string }) => t.name)).toEqual(['v3.0']);
  });

  it("answers another project's key 404 RepoNotFound, and a read key 403, on every write route", async () => {
    const other = await server.project('hf-lfs-other');
    const json = (data: object) => ({ type: 'application/json', data: JSON.stringify(data) });
    const routes: [string, string, { type: string; data: string } | undefined][] = [
      ['POST', `/datasets/${repo}.git/info/lfs/objects/batch`, { type: LFS, data: JSON.stringify({ operation: 'upload', objects: [] }) }],
      ['POST', `/api/datasets/${repo}/preupload/main`, json({ files: [] })],
      ['POST', `/api/datasets/${repo}/commit/main`, { type: 'application/x-ndjson', data: '{"key":"header","value":{"summary":"x"}}' }],
      ['POST', `/api/datasets/${repo}/tag/main`, json({ tag: 'theirs' })],
      ['DELETE', `/api/datasets/${repo}/tag/v3.0`, undefined],
    ];
    for (const [method, path, body] of routes) {
      const theirs = await hf(method, path, other.admin, body);
      expect([theirs.status, theirs.headers.get('x-error-code')], path).toEqual([404, 'RepoNotFound']);
      expect((await hf(method, path, p.read, body)).status, path).toBe(403);
    }
    const theirVerify = await verify('a'.repeat(64), 1, other.admin);
    expect([theirVerify.status, theirVerify.headers.get('x-error-code')]).toEqual([404, 'RepoNotFound']);
    expect((await hf('POST', '/api/repos/create', p.read, json({ name: 'by-reader', type: 'dataset' }))).status).toBe(403);
  });
});
