import { describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
const PUBLIC = 'https://93.184.215.14/hooks';

describe(`webhook subscriptions (${DIALECT})`, () => {
  it('makes, lists, changes and deletes webhooks for admin keys, showing the secret once', async () => {
    const p = await server.project('hooks');
    const made = await server.request('POST', '/v1/webhooks', {
      key: p.admin,
      body: { url: PUBLIC, events: ['dataset.created', 'version.created'] },
    });
    expect(made.status, made.text).toBe(201);
    expect(made.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const got = await server.request('GET', `/v1/webhooks/${made.body.id}`, { key: p.admin });
    expect(got.body).toEqual({
      id: made.body.id,
      url: PUBLIC,
      events: ['dataset.created', 'version.created'],
      enabled: true,
      created_at: made.body.created_at,
      updated_at: made.body.updated_at,
    });
    const stored = await server.store.db.selectFrom('webhooks').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(made.body.secret.slice(6));

    const changed = await server.request('PATCH', `/v1/webhooks/${made.body.id}`, {
      key: p.admin,
      body: { events: ['tag.moved'], enabled: false },
    });
    expect(changed.body).toMatchObject({ events: ['tag.moved'], enabled: false });
    expect((await server.request('GET', '/v1/webhooks', { key: p.admin })).body.data).toHaveLength(1);

    for (const key of [p.read, p.write]) expect((await server.request('GET', '/v1/webhooks', { key })).status).toBe(403);
    const other = await server.project('hooks-other');
    expect((await server.request('GET', `/v1/webhooks/${made.body.id}`, { key: other.admin })).status).toBe(404);

    expect((await server.request('DELETE', `/v1/webhooks/${made.body.id}`, { key: p.admin })).status).toBe(204);
    expect((await server.request('GET', `/v1/webhooks/${made.body.id}`, { key: p.admin })).status).toBe(404);
  });

  it('refuses private targets, unknown events and bad secrets, storing nothing', async () => {
    const p = await server.project('hooks-bad');
    const local = await server.request('POST', '/v1/webhooks', {
      key: p.admin,
      body: { url: 'http://127.0.0.1:9/x', events: ['dataset.created'] },
    });
    expect(local.status).toBe(422);
    expect(local.body.detail).toContain('DATASHELF_WEBHOOK_ALLOW_PRIVATE');
    const mapped = await server.request('POST', '/v1/webhooks', {
      key: p.admin,
      body: { url: 'http://[::ffff:10.0.0.1]/x', events: ['dataset.created'] },
    });
    expect(mapped.status).toBe(422);
    for (const host of ['[::127.0.0.1]', '[64:ff9b::7f00:1]', '198.18.0.1', '192.0.0.1', '[2002:7f00:1::1]']) {
      const refused = await server.request('POST', '/v1/webhooks', {
        key: p.admin,
        body: { url: `http://${host}/x`, events: ['tag.moved'] },
      });
      expect(refused.status, host).toBe(422);
      expect(refused.body.errors).toEqual([{ field: 'body/url', message: expect.stringContaining('not a public address') }]);
    }
    const made = await server.request('POST', '/v1/webhooks', { key: p.admin, body: { url: PUBLIC, events: ['tag.moved'] } });
    const moved = await server.request('PATCH', `/v1/webhooks/${made.body.id}`, { key: p.admin, body: { url: 'http://[::7f00:1]/x' } });
    expect(moved.status).toBe(422);
    expect((await server.request('GET', `/v1/webhooks/${made.body.id}`, { key: p.admin })).body.url).toBe(PUBLIC);
    await server.request('DELETE', `/v1/webhooks/${made.body.id}`, { key: p.admin });
    const event = await server.request('POST', '/v1/webhooks', { key: p.admin, body: { url: PUBLIC, events: ['dataset.exploded'] } });
    expect(event.status).toBe(422);
    const secret = await server.request('POST', '/v1/webhooks', {
      key: p.admin,
      body: { url: PUBLIC, events: ['tag.moved'], secret: 'hunter2' },
    });
    expect(secret.status).toBe(422);
    const scheme = await server.request('POST', '/v1/webhooks', {
      key: p.admin,
      body: { url: 'ftp://93.184.215.14/', events: ['tag.moved'] },
    });
    expect(scheme.status).toBe(422);
    expect((await server.request('GET', '/v1/webhooks', { key: p.admin })).body.data).toEqual([]);
  });

  it('writes one outbox row per subscribed webhook in the transaction of each change', async () => {
    const p = await server.project('hooks-outbox');
    const hook = (
      await server.request('POST', '/v1/webhooks', { key: p.admin, body: { url: PUBLIC, events: ['dataset.created', 'version.created'] } })
    ).body;
    await server.request('POST', '/v1/webhooks', { key: p.admin, body: { url: PUBLIC, events: ['tag.moved'] } });
    const ds = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'watched' } })).body;
    await server.request('POST', `/v1/datasets/${ds.id}/versions`, { key: p.write, body: { add: [{ input: 'x' }] } });
    // A refused change reports nothing.
    const refused = await server.request('POST', `/v1/datasets/${ds.id}/versions`, {
      key: p.write,
      body: { base_version: 0, add: [{ input: 'y' }] },
    });
    expect(refused.status).toBe(409);
    const log = await server.request('GET', `/v1/webhooks/${hook.id}/deliveries`, { key: p.admin });
    expect(log.body.data.map((d: any) => [d.event, d.status, d.attempts])).toEqual([
      ['version.created', 'pending', 0],
      ['dataset.created', 'pending', 0],
    ]);
    const ping = await server.request('POST', `/v1/webhooks/${hook.id}/ping`, { key: p.admin });
    expect(ping.status).toBe(202);
    expect(ping.body).toMatchObject({ event: 'webhook.ping', status: 'pending' });
    expect((await server.request('POST', `/v1/webhooks/${hook.id}/deliveries/${ping.body.id}/redeliver`, { key: p.admin })).status).toBe(
      404,
    );
  });
});
