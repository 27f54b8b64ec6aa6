import { describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();

describe(`OpenAPI, reference page and probes (${DIALECT})`, () => {
  it('serves an OpenAPI 3.1 document generated from every /v1 route', async () => {
    const res = await server.request('GET', '/openapi.json', { key: null });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const documented = Object.entries(res.body.paths as Record<string, object>)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    const registered = server.app.routeTable.filter((r) => r.url.startsWith('/v1/')).map((r) => `${r.method} ${r.url}`);
    expect(registered.length).toBeGreaterThan(20);
    expect(documented.sort()).toEqual(registered.sort());
    const commit = res.body.paths['/v1/datasets/{id}/versions'].post;
    expect(Object.keys(commit.requestBody.content).sort()).toEqual(['application/json', 'application/x-ndjson']);
  });

  it('serves the reference page and health probes without a key', async () => {
    const docs = await server.request('GET', '/docs/', { key: null });
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger');
    expect((await server.request('GET', '/healthz', { key: null })).body).toEqual({ status: 'ok' });
    expect((await server.request('GET', '/readyz', { key: null })).body).toEqual({ status: 'ready', store: DIALECT });
  });

  it('exposes Prometheus metrics by route template and status', async () => {
    await server.request('GET', '/v1/datasets/00000000-0000-4000-8000-000000000000', { key: 'ds_nobody' });
    const res = await server.request('GET', '/metrics', { key: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.text).toMatch(/datashelf_http_requests_total\{method="GET",route="\/v1\/datasets\/:id",status="401"\} 1/);
    expect(res.text).toContain('datashelf_http_request_duration_seconds_bucket');
    expect(res.text).toContain('datashelf_process_cpu_seconds_total');
  });
});
