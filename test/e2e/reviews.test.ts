import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;

const call = async (method: string, path: string, body?: unknown, status = 200, key?: string) => {
  const res = await server.request(method, path, { key: key ?? p.write, body });
  expect(res.status, `${method} ${path}: ${res.text}`).toBe(status);
  return res.body;
};

async function dataset(name: string, inputs: string[]) {
  const id = (await call('POST', '/v1/datasets', { name }, 201)).id as string;
  await call('POST', `/v1/datasets/${id}/versions`, { add: inputs.map((input) => ({ input })) }, 201);
  const ids = (await call('GET', `/v1/datasets/${id}/datapoints`)).data.map((d: any) => d.id) as string[];
  return { id, ids };
}

const listed = async (id: string, query: string) =>
  (await call('GET', `/v1/datasets/${id}/datapoints?${query}`)).data.map((d: any) => d.input) as string[];

beforeAll(async () => {
  p = await server.project('reviews');
});

describe(`review states (${DIALECT})`, () => {
  it('marks datapoints, filters listings by decision, and lets an edit lapse the decision on the old content', async () => {
    const { id, ids } = await dataset('reviewed', ['q0', 'q1', 'q2', 'q3']);
    const made = await call(
      'POST',
      `/v1/datasets/${id}/datapoints/${ids[0]}/reviews`,
      { state: 'needs_fix', comment: 'wrong answer' },
      201,
    );
    expect(made).toMatchObject({
      datapoint_id: ids[0],
      state: 'needs_fix',
      comment: 'wrong answer',
      version: 1,
      content_version: 1,
      key_name: 'write',
    });
    await call('POST', `/v1/datasets/${id}/datapoints/${ids[1]}/reviews`, { state: 'approved' }, 201);
    await call('POST', `/v1/datasets/${id}/datapoints/${ids[2]}/reviews`, { state: 'rejected', version: 1 }, 201);
    // A later decision supersedes the earlier one; both stay in the history.
    await call('POST', `/v1/datasets/${id}/datapoints/${ids[2]}/reviews`, { state: 'approved' }, 201);

    expect(await listed(id, 'review=needs_fix')).toEqual(['q0']);
    expect(await listed(id, 'review=approved')).toEqual(['q1', 'q2']);
    expect(await listed(id, 'review=rejected')).toEqual([]);
    expect(await listed(id, 'review=unreviewed')).toEqual(['q3']);
    const history = await call('GET', `/v1/datasets/${id}/datapoints/${ids[2]}/reviews`);
    expect(history.data.map((r: any) => r.state)).toEqual(['approved', 'rejected']);

    // The fix is a new content: unreviewed at the new head, still needs_fix as of version 1.
    await call('POST', `/v1/datasets/${id}/versions`, { update: [{ id: ids[0], expected_output: 'fixed' }] }, 201);
    expect(await listed(id, 'review=needs_fix')).toEqual([]);
    expect(await listed(id, 'review=unreviewed')).toEqual(['q0', 'q3']);
    expect(await listed(id, 'review=needs_fix&version=1')).toEqual(['q0']);

    const current = await call('GET', `/v1/datasets/${id}/reviews?${ids.map((d) => `datapoint_id=${d}`).join('&')}`);
    expect(current.version).toBe(2);
    expect(current.data.map((r: any) => [r.datapoint_id, r.state]).sort()).toEqual(
      [
        [ids[1], 'approved'],
        [ids[2], 'approved'],
      ].sort(),
    );
    const asOfOne = await call('GET', `/v1/datasets/${id}/reviews?datapoint_id=${ids[0]}&version=1`);
    expect(asOfOne.data.map((r: any) => r.state)).toEqual(['needs_fix']);

    const audit = await call('GET', `/v1/audit?action=review.set&dataset_id=${id}`, undefined, 200, p.admin);
    expect(audit.data).toHaveLength(4);
    expect(audit.data.at(-1).detail).toMatchObject({ datapoint_id: ids[0], state: 'needs_fix', comment: 'wrong answer' });
  });

  it('refuses a read key, a datapoint not in the version, and an unknown state', async () => {
    const { id, ids } = await dataset('guarded', ['a']);
    await call('POST', `/v1/datasets/${id}/datapoints/${ids[0]}/reviews`, { state: 'approved' }, 403, p.read);
    await call('POST', `/v1/datasets/${id}/datapoints/${ids[0]}/reviews`, { state: 'approved', version: 0 }, 404);
    await call('POST', `/v1/datasets/${id}/datapoints/${ids[0]}/reviews`, { state: 'great' }, 422);
    await call('GET', `/v1/datasets/${id}/datapoints?review=great`, undefined, 422);
  });
});

describe(`authors, deleted datasets and the catalogue (${DIALECT})`, () => {
  it('names the keys that committed versions', async () => {
    const { id } = await dataset('authored', ['a']);
    await call('POST', `/v1/datasets/${id}/versions`, { add: [{ input: 'b' }] }, 201, p.admin);
    const authors = (await call('GET', `/v1/datasets/${id}/authors`)).data;
    expect(authors.map((a: any) => a.key_name).sort()).toEqual(['admin', 'write']);
  });

  it('lists deleted datasets newest first until they are restored', async () => {
    const first = await dataset('gone-1', ['a']);
    const second = await dataset('gone-2', ['a']);
    await call('DELETE', `/v1/datasets/${first.id}`, undefined, 204);
    await call('DELETE', `/v1/datasets/${second.id}`, undefined, 204);
    const deleted = (await call('GET', '/v1/datasets/deleted')).data;
    expect(deleted.map((d: any) => d.name).slice(0, 2)).toEqual(['gone-2', 'gone-1']);
    expect(Date.parse(deleted[0].restorable_until)).toBeGreaterThan(Date.parse(deleted[0].deleted_at));
    await call('POST', `/v1/datasets/${first.id}/undelete`);
    expect((await call('GET', '/v1/datasets/deleted')).data.map((d: any) => d.name)).not.toContain('gone-1');
  });

  it('serves the field and operator lists', async () => {
    const catalogue = await call('GET', '/v1/catalogue', undefined, 200, p.read);
    expect(catalogue.filter_operators).toContain('between');
    expect(catalogue.datapoint_fields).toContainEqual({ name: 'expected_output', settable: true, value: 'json' });
    expect(catalogue.datapoint_fields).toContainEqual({ name: 'metadata', settable: true, value: 'object' });
    expect(catalogue.datapoint_fields).toContainEqual({ name: 'seq', settable: false, value: 'integer' });
    expect(catalogue.datapoint_filters.json_roots).toContain('metadata');
    expect(catalogue.review_states).toEqual(['approved', 'needs_fix', 'rejected']);
    expect(catalogue.sources).toContain('production');
    expect(catalogue.mappable_fields).toContain('external_id');
  });
});

describe(`datapoints by position (${DIALECT})`, () => {
  it('serves the page holding a row, with the total and a cursor that goes on from it', async () => {
    const { id } = await dataset(
      'positions',
      Array.from({ length: 450 }, (_, i) => `row ${i}`),
    );
    const page = await call('GET', `/v1/datasets/${id}/rows?row=250`);
    expect(page).toMatchObject({ version: 1, total: 450, start: 200 });
    expect(page.data.map((d: any) => d.input).slice(0, 2)).toEqual(['row 200', 'row 201']);
    expect(page.data).toHaveLength(200);
    const next = await call('GET', `/v1/datasets/${id}/datapoints?limit=200&cursor=${encodeURIComponent(page.next_cursor)}`);
    expect(next.data.map((d: any) => d.input)).toEqual(Array.from({ length: 50 }, (_, i) => `row ${400 + i}`));
    await call('GET', `/v1/datasets/${id}/rows?row=450`, undefined, 404);
  });
});
