import { beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/domain/clock.js';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * A version's file tree over HTTP: committed with `files` in the version body, listed
 * in path order at any version, downloaded through its signed link, diffed and
 * restored like datapoints, and refused with 4xx for anything it cannot hold.
 */

let now = Date.now();
const clock: Clock = { ms: () => now };
const DAY = 24 * 60 * 60 * 1000;
const server = useServer({ clock });
let a: ProjectKeys;
let b: ProjectKeys;

beforeAll(async () => {
  a = await server.project('files-a');
  b = await server.project('files-b');
});

const upload = async (key: string, data: string, type = 'text/plain') =>
  (await server.request('POST', '/v1/attachments', { key, raw: { type, data } })).body.id as string;
const newDataset = async (name: string) =>
  (await server.request('POST', '/v1/datasets', { key: a.write, body: { name } })).body.id as string;
const commit = (id: string, body: unknown, key = a.write) => server.request('POST', `/v1/datasets/${id}/versions`, { key, body });
const list = (id: string, query = '', key = a.read) => server.request('GET', `/v1/datasets/${id}/files${query}`, { key });
const paths = async (id: string, query = '') => (await list(id, query)).body.data.map((f: { path: string }) => f.path);

describe(`file trees (${DIALECT})`, () => {
  it('pins a tree to each version: put, replace, delete, and every earlier version reads as it was', async () => {
    const id = await newDataset('tree');
    const [info, ep, info2] = [
      await upload(a.write, '{"fps":30}', 'application/json'),
      await upload(a.write, 'PAR1'),
      await upload(a.write, '{"fps":60}', 'application/json'),
    ];
    const v1 = await commit(id, {
      message: 'first tree',
      files: {
        put: [
          { path: 'meta/info.json', attachment_id: info },
          { path: 'meta/episodes/chunk-000/file-000.parquet', attachment_id: ep },
        ],
      },
    });
    expect(v1.status, v1.text).toBe(201);
    expect(v1.body).toMatchObject({ version: 1, message: 'first tree', file_count: 2, files_added: 2, datapoint_count: 0 });
    const v2 = await commit(id, {
      base_version: 1,
      files: {
        put: [
          { path: 'meta/info.json', attachment_id: info2 },
          { path: 'README.md', attachment_id: ep },
        ],
        delete: ['meta/episodes/chunk-000/file-000.parquet'],
      },
      add: [{ input: 'a datapoint, in the same version' }],
    });
    expect(v2.body).toMatchObject({ version: 2, file_count: 2, files_added: 1, files_updated: 1, files_deleted: 1, added: 1 });

    expect(await paths(id, '?version=1')).toEqual(['meta/episodes/chunk-000/file-000.parquet', 'meta/info.json']);
    expect(await paths(id)).toEqual(['README.md', 'meta/info.json']);
    const entry = await server.request('GET', `/v1/datasets/${id}/files/entry?path=meta/info.json&version=1`, { key: a.read });
    expect(entry.body).toMatchObject({ path: 'meta/info.json', attachment_id: info, size: 10, mime_type: 'application/json' });
    const bytes = await fetch(server.url + entry.body.url);
    expect([bytes.status, await bytes.text()]).toEqual([200, '{"fps":30}']);

    const content = await fetch(`${server.url}/v1/datasets/${id}/files/content?path=meta/info.json`, {
      headers: { authorization: `Bearer ${a.read}` },
      redirect: 'manual',
    });
    expect(content.status).toBe(302);
    const followed = await fetch(server.url + content.headers.get('location'));
    expect(await followed.text()).toBe('{"fps":60}');
    expect(followed.headers.get('etag')).toBe(`"${info2.slice(7)}"`);

    // The same attachment at the same path again changes nothing of the tree.
    const same = await commit(id, { files: { put: [{ path: 'meta/info.json', attachment_id: info2 }] } });
    expect(same.body).toMatchObject({ version: 3, file_count: 2, files_added: 0, files_updated: 0 });
    const missing = await server.request('GET', `/v1/datasets/${id}/files/entry?path=meta/nope.json`, { key: a.read });
    expect(missing.status).toBe(404);
  });

  it('pages in path order under a prefix, each path once', async () => {
    const id = await newDataset('paged');
    const att = await upload(a.write, 'x');
    const names = [
      'videos/b/file-001.mp4',
      'videos/a/file-000.mp4',
      'data/chunk-000/file-000.parquet',
      'videos/a/file-001.mp4',
      'videosx.txt',
      'v.txt',
    ];
    await commit(id, { files: { put: names.map((path) => ({ path, attachment_id: att })) } });
    const seen: string[] = [];
    let cursor = '';
    do {
      const page = await list(id, `?prefix=videos/&limit=2${cursor && `&cursor=${cursor}`}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((f: { path: string }) => f.path));
      cursor = page.body.next_cursor ?? '';
    } while (cursor);
    expect(seen).toEqual(['videos/a/file-000.mp4', 'videos/a/file-001.mp4', 'videos/b/file-001.mp4']);
  });

  it('diffs and restores files as it does datapoints', async () => {
    const id = await newDataset('restored');
    const [one, two] = [await upload(a.write, 'one'), await upload(a.write, 'two')];
    await commit(id, {
      files: {
        put: [
          { path: 'a.txt', attachment_id: one },
          { path: 'b.txt', attachment_id: one },
        ],
      },
    });
    await server.request('PUT', `/v1/datasets/${id}/tags/v1.0`, { key: a.write, body: { version: 1 } });
    await commit(id, {
      files: {
        put: [
          { path: 'a.txt', attachment_id: two },
          { path: 'c.txt', attachment_id: two },
        ],
        delete: ['b.txt'],
      },
    });
    const diff = await server.request('GET', `/v1/datasets/${id}/diff?from=v1.0&to=2`, { key: a.read });
    expect(diff.status).toBe(200);
    expect(diff.body.data).toEqual([]);
    expect(diff.body.files.map((c: { change: string; path: string }) => [c.change, c.path])).toEqual([
      ['changed', 'a.txt'],
      ['removed', 'b.txt'],
      ['added', 'c.txt'],
    ]);
    expect(diff.body.files[0]).toMatchObject({ before: { attachment_id: one }, after: { attachment_id: two } });

    const restored = await server.request('POST', `/v1/datasets/${id}/restore`, { key: a.write, body: { version: 'v1.0' } });
    expect(restored.body).toMatchObject({ version: 3, file_count: 2, files_added: 1, files_updated: 1, files_deleted: 1 });
    expect((await list(id)).body.data.map((f: { path: string; attachment_id: string }) => [f.path, f.attachment_id])).toEqual([
      ['a.txt', one],
      ['b.txt', one],
    ]);
    const none = await server.request('GET', `/v1/datasets/${id}/diff?from=1&to=3`, { key: a.read });
    expect(none.body.files).toEqual([]);
    // Restoring what is already there rewrites nothing.
    const again = await server.request('POST', `/v1/datasets/${id}/restore`, { key: a.write, body: { version: 1 } });
    expect(again.body).toMatchObject({ version: 4, file_count: 2, files_added: 0, files_updated: 0, files_deleted: 0 });
  });

  it('pages a diff of datapoints and files alike, each change once', async () => {
    const id = await newDataset('diff-pages');
    const att = await upload(a.write, 'p');
    await commit(id, {
      add: [{ input: 1 }, { input: 2 }, { input: 3 }],
      files: { put: ['x', 'y', 'z'].map((path) => ({ path, attachment_id: att })) },
    });
    const changes: string[] = [];
    let cursor = '';
    do {
      const page = await server.request('GET', `/v1/datasets/${id}/diff?from=0&to=1&limit=2${cursor && `&cursor=${cursor}`}`, {
        key: a.read,
      });
      changes.push(
        ...page.body.data.map((c: { after: { input: number } }) => `dp ${c.after.input}`),
        ...page.body.files.map((c: { path: string }) => c.path),
      );
      cursor = page.body.next_cursor ?? '';
    } while (cursor);
    expect(changes).toEqual(['dp 1', 'dp 2', 'dp 3', 'x', 'y', 'z']);
  });

  it('refuses bad paths (422), clashes, unknown attachments (404) and stale bases (409), storing nothing', async () => {
    const id = await newDataset('refused');
    const att = await upload(a.write, 'ok');
    const put = (path: string, attachment_id = att) => ({ files: { put: [{ path, attachment_id }] } });
    for (const path of ['/abs.txt', 'a/../b.txt', 'a//b.txt', './a.txt', 'dir/', 'tab\there', 'x'.repeat(1025)]) {
      const res = await commit(id, put(path));
      expect(res.status, path).toBe(422);
    }
    expect((await commit(id, { files: { put: [{ path: 'a', attachment_id: att }], delete: ['a'] } })).status).toBe(422);
    expect(
      (await commit(id, { files: { put: Array.from({ length: 10_001 }, (_, i) => ({ path: `f${i}`, attachment_id: att })) } })).status,
    ).toBe(422);

    const theirs = await upload(b.write, 'only b has this');
    const foreign = await commit(id, put('b.txt', theirs));
    expect(foreign.status).toBe(404);
    expect((await commit(id, put('c.txt', `sha256:${'0'.repeat(64)}`))).status).toBe(404);
    expect((await commit(id, { files: { delete: ['never.txt'] } })).status).toBe(404);

    expect((await commit(id, put('dir/file.txt'))).status).toBe(201);
    expect((await commit(id, put('dir'))).status).toBe(422);
    expect((await commit(id, put('dir/file.txt/inner'))).status).toBe(422);
    expect((await commit(id, { base_version: 0, ...put('late.txt') })).status).toBe(409);
    expect(await paths(id)).toEqual(['dir/file.txt']);
    expect((await server.request('GET', `/v1/datasets/${id}`, { key: a.read })).body.head_version).toBe(1);
  });

  it('serves a file as the media type its put names, its link signed for that type, and refuses a bad one', async () => {
    const id = await newDataset('typed');
    const att = await upload(a.write, 'not really a video', 'application/octet-stream');
    const bad = await commit(id, { files: { put: [{ path: 'clip.mp4', attachment_id: att, mime_type: 'video' }] } });
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([422, 'body/files/put/0/mime_type']);
    const made = await commit(id, {
      files: {
        put: [
          { path: 'clip.mp4', attachment_id: att, mime_type: 'Video/MP4' },
          { path: 'raw.bin', attachment_id: att },
        ],
      },
    });
    expect(made.status, made.text).toBe(201);
    const files = (await list(id)).body.data;
    expect(files.map((f: { path: string; mime_type: string }) => [f.path, f.mime_type])).toEqual([
      ['clip.mp4', 'video/mp4'],
      ['raw.bin', 'application/octet-stream'],
    ]);
    const served = await fetch(server.url + files[0].url);
    expect([served.status, served.headers.get('content-type'), await served.text()]).toEqual([200, 'video/mp4', 'not really a video']);
    // The type is signed with the rest of the link: another one is refused.
    const altered = await fetch(server.url + files[0].url.replace('type=video%2Fmp4', 'type=text%2Fhtml'));
    expect(altered.status).toBe(403);
    expect((await fetch(server.url + files[1].url)).headers.get('content-type')).toBe('application/octet-stream');
  });

  it("keeps another project's key out of every file route, and a read-only key from committing files", async () => {
    const id = await newDataset('private');
    const att = await upload(a.write, 'secret');
    await commit(id, { files: { put: [{ path: 's.txt', attachment_id: att }] } });
    expect((await list(id, '', b.admin)).status).toBe(404);
    expect((await server.request('GET', `/v1/datasets/${id}/files/entry?path=s.txt`, { key: b.admin })).status).toBe(404);
    expect((await server.request('GET', `/v1/datasets/${id}/files/content?path=s.txt`, { key: b.admin })).status).toBe(404);
    expect((await commit(id, { files: { delete: ['s.txt'] } }, b.admin)).status).toBe(404);
    expect((await commit(id, { files: { delete: ['s.txt'] } }, a.read)).status).toBe(403);
    expect(await paths(id)).toEqual(['s.txt']);
  });

  it('keeps the Hub renders from the collector: a kept Parquet shard is served whole and by range after it ran', async () => {
    const id = await newDataset('rendered');
    expect((await commit(id, { add: [{ input: 'a row rendered once', expected_output: 'x' }] })).status).toBe(201);
    const url = `${server.url}/compat/hf/datasets/${a.ns}/rendered/resolve/main/data/train-00000-of-00001.parquet`;
    const headers = { authorization: `Bearer ${a.read}` };
    const first = await fetch(url, { headers });
    expect(first.status).toBe(200);
    const bytes = Buffer.from(await first.arrayBuffer());
    now += 2 * DAY;
    await server.services.attachmentCollector.collect();
    const again = await fetch(url, { headers });
    expect([again.status, again.headers.get('etag')]).toEqual([200, first.headers.get('etag')]);
    expect(Buffer.from(await again.arrayBuffer())).toEqual(bytes);
    const tail = await fetch(url, { headers: { ...headers, range: 'bytes=-8' } });
    expect([tail.status, Buffer.from(await tail.arrayBuffer())]).toEqual([206, bytes.subarray(bytes.length - 8)]);
  });

  it('keeps the attachments a tree names from the collector, and lets the others go', async () => {
    const id = await newDataset('collected');
    const [named, dropped, loose] = [
      await upload(a.write, 'kept by a tree'),
      await upload(a.write, 'dropped from the tree'),
      await upload(a.write, 'named by nothing'),
    ];
    await commit(id, {
      files: {
        put: [
          { path: 'k.txt', attachment_id: named },
          { path: 'd.txt', attachment_id: dropped },
        ],
      },
    });
    await commit(id, { files: { delete: ['d.txt'] } });
    now += 2 * DAY;
    await server.services.attachmentCollector.collect();
    const status = async (att: string) => (await server.request('GET', `/v1/attachments/${att}`, { key: a.read })).status;
    // A file an earlier version holds is kept: that version can be restored.
    expect([await status(named), await status(dropped), await status(loose)]).toEqual([200, 200, 404]);
  });
});
