import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, processEnv, startProcess, type ProcessEnv, type Running } from '../helpers/process.js';
import { DIALECT } from '../helpers/store.js';

const ADMIN = 'webhook-admin-key-0123456789abcdef';
const FAST = { DATASHELF_WEBHOOK_ALLOW_PRIVATE: '1', DATASHELF_WEBHOOK_POLL_MS: '50', DATASHELF_WEBHOOK_RETRY_BASE_MS: '100' };

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local receiver: records every request, answers with the next queued status (else 200), and resolves waits on arrival. */
class Receiver {
  readonly received: Received[] = [];
  statuses: number[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  private server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      this.received.push({ headers: req.headers, body });
      res.writeHead(this.statuses.shift() ?? 200).end();
      this.waiters = this.waiters.filter((w) => (this.received.length >= w.count ? (w.resolve(), false) : true));
    });
  });
  url = '';

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** Resolves once `count` requests in all have arrived. */
  until(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  close() {
    return new Promise((resolve) => this.server.close(resolve));
  }
}

/** What the README tells receivers to do: HMAC-SHA256 over `id.timestamp.body` with the secret's bytes. */
function verify(secret: string, { headers, body }: Received): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const [id, timestamp] = [headers['webhook-id'], headers['webhook-timestamp']].map(String);
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return String(headers['webhook-signature'])
    .split(' ')
    .some((s) => s.startsWith('v1,') && timingSafeEqual(Buffer.from(s.slice(3), 'base64'), expected));
}

let receiver: Receiver;
let setup: ProcessEnv;
const running: Running[] = [];
const start = async (extra: Record<string, string> = {}) => {
  const server = await startProcess({ ...setup.env, ...FAST, ...extra });
  running.push(server);
  return server;
};

beforeAll(async () => {
  receiver = new Receiver();
  await receiver.start();
  setup = await processEnv({ DATASHELF_ADMIN_KEY: ADMIN, DATASHELF_RATE_LIMIT: '0' });
});
afterEach(async () => {
  for (const server of running.splice(0)) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  receiver.received.length = 0;
  receiver.statuses = [];
});
afterAll(async () => {
  await receiver.close();
  await setup.cleanup();
});

let projects = 0;
/** A project with an admin key, and a webhook on every event pointing at the receiver. */
async function subscribed(url: string) {
  const slug = `hooks-${++projects}`;
  await call(url, ADMIN, 'POST', '/v1/namespaces', { slug, name: slug });
  await call(url, ADMIN, 'POST', `/v1/namespaces/${slug}/projects`, { slug, name: slug });
  const key = (await call(url, ADMIN, 'POST', `/v1/namespaces/${slug}/projects/${slug}/api-keys`, { name: 'admin', role: 'admin' })).body
    .key as string;
  const hook = await call(url, key, 'POST', '/v1/webhooks', {
    url: receiver.url,
    events: ['dataset.created', 'dataset.updated', 'dataset.deleted', 'version.created', 'tag.moved', 'run.created', 'run.completed'],
  });
  expect(hook.status).toBe(201);
  return { key, hook: hook.body as { id: string; secret: string } };
}

const events = (received: Received[]) => received.map((r) => (JSON.parse(r.body) as { type: string }).type).sort();

describe(`webhook deliveries from the outbox (${DIALECT})`, () => {
  it('sends exactly one signed delivery per change', async () => {
    const server = await start();
    const { key, hook } = await subscribed(server.url);
    const ds = (await call(server.url, key, 'POST', '/v1/datasets', { name: 'watched' })).body;
    await call(server.url, key, 'POST', `/v1/datasets/${ds.id}/versions`, { add: [{ input: 'a' }] });
    await call(server.url, key, 'PUT', `/v1/datasets/${ds.id}/tags/prod`, { version: 1 });
    await call(server.url, key, 'PATCH', `/v1/datasets/${ds.id}`, { description: 'watched closely' });
    const run = (
      await call(server.url, key, 'POST', '/v1/runs', { dataset_id: ds.id, run_type: 'DATASET', run_source: 'SDK', threshold: 1 })
    ).body;
    await call(server.url, key, 'PATCH', `/v1/runs/${run.id}`, { finished_at: new Date().toISOString() });
    await call(server.url, key, 'DELETE', `/v1/datasets/${ds.id}`);
    await receiver.until(7);
    // A ping made last arrives after the rest; by then any second send of them would have too.
    await call(server.url, key, 'POST', `/v1/webhooks/${hook.id}/ping`);
    await receiver.until(8);

    expect(events(receiver.received)).toEqual(
      [
        'dataset.created',
        'dataset.deleted',
        'dataset.updated',
        'run.completed',
        'run.created',
        'tag.moved',
        'version.created',
        'webhook.ping',
      ].sort(),
    );
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(8);
    expect(receiver.received.every((r) => verify(hook.secret, r))).toBe(true);
    expect(verify(`whsec_${Buffer.from('another secret of 32 bytes!!!!!!').toString('base64')}`, receiver.received[0])).toBe(false);
    const created = JSON.parse(receiver.received.find((r) => r.body.includes('version.created'))!.body);
    expect(created.data).toMatchObject({ dataset_id: ds.id, version: 1, added: 1 });

    const log = await call(server.url, key, 'GET', `/v1/webhooks/${hook.id}/deliveries`);
    expect(log.body.data).toHaveLength(8);
    expect(log.body.data.every((d: any) => d.status === 'delivered' && d.attempts === 1 && d.response_status === 200)).toBe(true);
  });

  it('retries after a 500 with backoff, logs each attempt, and redelivers on request', async () => {
    const server = await start();
    const { key, hook } = await subscribed(server.url);
    receiver.statuses = [500, 503];
    await call(server.url, key, 'POST', '/v1/datasets', { name: 'flaky' });
    await receiver.until(3);
    const ids = new Set(receiver.received.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    const [delivery] = (await call(server.url, key, 'GET', `/v1/webhooks/${hook.id}/deliveries`)).body.data;
    expect(delivery).toMatchObject({ event: 'dataset.created', status: 'delivered', attempts: 3, response_status: 200 });

    const again = await call(server.url, key, 'POST', `/v1/webhooks/${hook.id}/deliveries/${delivery.id}/redeliver`);
    expect(again.status).toBe(202);
    await receiver.until(4);
    expect(receiver.received[3].headers['webhook-id']).toBe(delivery.message_id);
  });

  it('delivers a change committed before the server was killed, after it restarts', async () => {
    // This instance serves the API but does not work the outbox, so the change stays undelivered when it dies.
    const first = await start({ DATASHELF_WEBHOOK_WORKER: 'off' });
    const { key, hook } = await subscribed(first.url);
    await call(first.url, key, 'POST', '/v1/datasets', { name: 'survivor' });
    const pending = (await call(first.url, key, 'GET', `/v1/webhooks/${hook.id}/deliveries`)).body.data;
    expect(pending.map((d: any) => d.status)).toEqual(['pending']);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(receiver.received).toHaveLength(0);

    const second = await start();
    await receiver.until(1);
    await call(second.url, key, 'POST', `/v1/webhooks/${hook.id}/ping`);
    await receiver.until(2);
    expect(events(receiver.received)).toEqual(['dataset.created', 'webhook.ping']);
    expect(receiver.received[0].headers['webhook-id']).toBe(pending[0].message_id);
  });

  it.runIf(DIALECT === 'postgres')('shares the outbox between two instances on one PostgreSQL, each delivery sent once', async () => {
    const a = await start();
    const b = await start();
    const { key, hook } = await subscribed(a.url);
    const made = await Promise.all(
      Array.from({ length: 30 }, (_, i) => call(i % 2 ? a.url : b.url, key, 'POST', '/v1/datasets', { name: `d${i}` })),
    );
    expect(made.every((r) => r.status === 201)).toBe(true);
    await receiver.until(30);
    await call(b.url, key, 'POST', `/v1/webhooks/${hook.id}/ping`);
    await receiver.until(31);
    expect(receiver.received).toHaveLength(31);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(31);
  });
});
