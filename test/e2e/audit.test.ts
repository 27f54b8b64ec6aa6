import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;

beforeAll(async () => {
  p = await server.project('audited');
});

async function entries(query = ''): Promise<any[]> {
  const res = await server.request('GET', `/v1/audit?limit=1000${query}`, { key: p.admin });
  expect(res.status).toBe(200);
  return res.body.data;
}

describe(`the audit log (${DIALECT})`, () => {
  it('records who made, changed, tagged, restored, shared and deleted what, newest first, and never a secret', async () => {
    const write = (method: string, path: string, body?: object) => server.request(method, path, { key: p.write, body });
    const id = (await write('POST', '/v1/datasets', { name: 'audited' })).body.id;
    const v1 = await write('POST', `/v1/datasets/${id}/versions`, { add: [{ input: 'q' }] });
    await write('PATCH', `/v1/datasets/${id}`, { description: 'reviewed' });
    await write('PUT', `/v1/datasets/${id}/tags/prod`, { version: 1 });
    await write('POST', `/v1/datasets/${id}/restore`, { version: 0 });
    const share = (await write('POST', `/v1/datasets/${id}/shares`, { public: true })).body;
    await write('DELETE', `/v1/datasets/${id}/shares/${share.id}`);
    await write('DELETE', `/v1/datasets/${id}/tags/prod`);
    const made = (
      await server.request('POST', `/v1/namespaces/${p.ns}/projects/${p.project}/api-keys`, { key: p.admin, body: { name: 'ci' } })
    ).body;
    await server.request('DELETE', `/v1/namespaces/${p.ns}/projects/${p.project}/api-keys/${made.id}`, { key: p.admin });
    await write('DELETE', `/v1/datasets/${id}`);

    const log = await entries();
    expect(log.map((e) => e.action).slice(0, 10)).toEqual([
      'dataset.delete',
      'key.revoke',
      'key.create',
      'tag.delete',
      'share.delete',
      'share.create',
      'dataset.restore',
      'tag.set',
      'dataset.update',
      'dataset.create',
    ]);
    const writeKeyId = v1.body.key_id as string;
    expect(log[9]).toMatchObject({
      action: 'dataset.create',
      dataset_id: id,
      key_id: writeKeyId,
      detail: { name: 'audited', type: 'custom' },
    });
    expect(log[7].detail).toEqual({ name: 'prod', from_version: null, to_version: 1 });
    expect(log[6].detail).toEqual({ version: 2, restores: 0 });
    expect(log[2].detail).toMatchObject({ created_key_id: made.id, name: 'ci', role: 'write' });
    expect(JSON.stringify(log)).not.toContain(made.key);
    expect((await entries(`&dataset_id=${id}&action=tag.set`)).map((e) => e.detail.name)).toEqual(['prod']);
  });

  it("records webhooks made, changed and deleted, metrics and containers made, and never a webhook's secret", async () => {
    const q = await server.project('audited-config');
    const admin = (method: string, path: string, body?: object) => server.request(method, path, { key: q.admin, body });
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const hook = (await admin('POST', '/v1/webhooks', { url: 'https://93.184.215.14/a', events: ['tag.moved'], secret })).body;
    await admin('PATCH', `/v1/webhooks/${hook.id}`, { url: 'https://93.184.215.14/b', events: ['dataset.created', 'tag.moved'] });
    await admin('PATCH', `/v1/webhooks/${hook.id}`, { enabled: false });
    await admin('DELETE', `/v1/webhooks/${hook.id}`);
    const metric = (await admin('POST', '/v1/metrics', { name: 'accuracy' })).body;
    const container = (await admin('POST', '/v1/containers', { label: 'prod' })).body;

    const log = (await server.request('GET', '/v1/audit?limit=100', { key: q.admin })).body.data;
    expect(log.map((e: any) => [e.action, e.dataset_id, e.key_id === log[0].key_id])).toEqual([
      ['container.create', null, true],
      ['metric.create', null, true],
      ['webhook.delete', null, true],
      ['webhook.update', null, true],
      ['webhook.update', null, true],
      ['webhook.create', null, true],
      ['key.create', null, false],
      ['key.create', null, false],
      ['key.create', null, false],
    ]);
    expect(log.slice(0, 6).map((e: any) => e.detail)).toEqual([
      { container_id: container.id, label: 'prod' },
      { metric_id: metric.id, name: 'accuracy' },
      { webhook_id: hook.id, url: 'https://93.184.215.14/b' },
      { webhook_id: hook.id, enabled: false },
      { webhook_id: hook.id, url: 'https://93.184.215.14/b', events: ['dataset.created', 'tag.moved'] },
      { webhook_id: hook.id, url: 'https://93.184.215.14/a', events: ['tag.moved'], enabled: true },
    ]);
    expect(JSON.stringify(log)).not.toContain(secret.slice(6));
    expect((await server.request('GET', '/v1/audit?action=webhook.update', { key: q.admin })).body.data).toHaveLength(2);

    // A refused change writes nothing.
    expect((await admin('PATCH', `/v1/webhooks/${hook.id}`, { enabled: true })).status).toBe(404);
    expect((await admin('POST', '/v1/metrics', { name: 'accuracy' })).status).toBe(409);
    expect((await server.request('GET', '/v1/audit?limit=100', { key: q.admin })).body.data).toHaveLength(9);
  });

  it('records on each version the key that committed it, and keeps the log from all but admin keys', async () => {
    const id = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'authored' } })).body.id;
    await server.request('POST', `/v1/datasets/${id}/versions`, { key: p.write, body: { add: [{ input: 'q' }] } });
    await server.request('POST', `/v1/datasets/${id}/imports`, {
      key: p.admin,
      raw: { type: 'application/x-ndjson', data: '{"input":"r"}' },
    });
    const versions = (await server.request('GET', `/v1/datasets/${id}/versions`, { key: p.read })).body.data;
    const keyIds = versions.map((v: any) => v.key_id);
    expect(new Set(keyIds).size).toBe(2);
    expect(versions.every((v: any) => v.user_id === null)).toBe(true);

    expect((await server.request('GET', '/v1/audit', { key: p.write })).status).toBe(403);
    expect((await server.request('GET', '/v1/audit', { key: p.read })).status).toBe(403);
    const other = await server.project('audited-other');
    expect((await server.request('GET', '/v1/audit', { key: other.admin })).body.data.map((e: any) => e.action)).toEqual([
      'key.create',
      'key.create',
      'key.create',
    ]);
  });
});
