import http from 'node:http';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();

/** The reference page's document as a client that reached the server under another name sees it (fetch sends its own Host). */
function documentWithHost(host: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(server.url);
    http
      .get({ hostname, port, path: '/docs/openapi.json', headers: { host } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      })
      .on('error', reject);
  });
}

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
    expect(Object.keys(commit.requestBody.content).sort()).toEqual([
      'application/json',
      'application/json-lines',
      'application/jsonl',
      'application/x-ndjson',
    ]);
  });

  it('serves the document committed as openapi.json, the contract clients are generated from', async () => {
    const served = (await server.request('GET', '/openapi.json', { key: null })).body;
    const committed = JSON.parse(fs.readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8'));
    // When this fails, a route's schema changed: run `npm run openapi` and commit openapi.json.
    expect(served).toEqual(committed);
  });

  it('gives every operation an id, a summary, a description and named shapes', async () => {
    const doc = (await server.request('GET', '/openapi.json', { key: null })).body;
    const operations = Object.values(doc.paths as Record<string, Record<string, any>>).flatMap((item) => Object.values(item));
    const ids = operations.map((o) => o.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operations.filter((o) => !o.summary || !o.description)).toEqual([]);
    const declared = new Set(doc.tags.map((t: { name: string }) => t.name));
    expect(operations.flatMap((o) => o.tags).filter((t) => !declared.has(t))).toEqual([]);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Dataset', 'Datapoint', 'Version', 'Diff', 'DatasetPage', 'Problem']),
    );
    expect(doc.paths['/v1/datasets/{id}'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Dataset',
    });
    expect(Object.keys(doc.paths['/v1/datasets/{id}'].get.responses['404'].content)).toEqual(['application/problem+json']);
    const exportOp = doc.paths['/v1/datasets/{id}/export'].get;
    expect(exportOp.parameters.find((p: { name: string }) => p.name === 'format')).toMatchObject({
      required: false,
      schema: { default: 'jsonl' },
    });
    expect(Object.keys(exportOp.responses['200'].content)).toEqual(['application/x-ndjson', 'text/csv', 'application/vnd.apache.parquet']);
  });

  it('describes every pattern in words, which is what a value that breaks it is told', async () => {
    const doc = (await server.request('GET', '/openapi.json', { key: null })).body;
    const undescribed: string[] = [];
    const walk = (node: unknown, path: string, described: boolean): void => {
      if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${path}/${i}`, false));
      if (node === null || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      // A parameter carries its schema's description beside it.
      const here = described || typeof o.description === 'string';
      if (typeof o.pattern === 'string' && !here) undescribed.push(path);
      for (const [k, v] of Object.entries(o)) walk(v, `${path}/${k}`, k === 'schema' && 'in' in o && typeof o.description === 'string');
    };
    walk(doc, '', false);
    expect(undescribed).toEqual([]);
  });

  it('serves the reference page, with the API guide, and health probes without a key', async () => {
    const docs = await server.request('GET', '/docs', { key: null });
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('/openapi.json');
    const script = await server.request('GET', '/docs/js/scalar.js', { key: null });
    expect(script.status).toBe(200);
    const doc = (await server.request('GET', '/openapi.json', { key: null })).body;
    expect(doc.info.description).toContain('## The filter language');
    expect(doc.info.description).toContain('## Idempotency');
    expect((await server.request('GET', '/healthz', { key: null })).body).toEqual({ status: 'ok' });
    expect((await server.request('GET', '/readyz', { key: null })).body).toEqual({ status: 'ready', store: DIALECT });
  });

  it("serves the reference page with the web UI's protections, loading and framing nothing from elsewhere", async () => {
    const ui = await server.request('GET', '/', { key: null });
    const docs = await server.request('GET', '/docs/', { key: null });
    expect(docs.status).toBe(200);
    for (const header of ['x-content-type-options', 'x-frame-options', 'referrer-policy']) {
      expect(docs.headers.get(header), header).toBe(ui.headers.get(header));
      expect(docs.headers.get(header), header).toBeTruthy();
    }
    const csp = Object.fromEntries(
      (docs.headers.get('content-security-policy') ?? '').split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    // Scripts are this server's, and the page's own inline start-up script by its hash.
    expect(csp['script-src'].filter((s: string) => s !== "'self'")).toEqual([expect.stringMatching(/^'sha256-[A-Za-z0-9+/]+=*'$/)]);
    for (const directive of ['connect-src', 'font-src', 'img-src']) {
      expect(
        csp[directive].every((s: string) => ["'self'", 'data:'].includes(s)),
        directive,
      ).toBe(true);
    }
    const script = await server.request('GET', '/docs/js/scalar.js', { key: null });
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('gives the reference page a document whose examples use the address it was reached at', async () => {
    const doc = await documentWithHost('datashelf.example:8443');
    expect(doc.servers).toEqual([{ url: 'http://datashelf.example:8443', description: 'this server' }]);
    expect(doc.info.description).toContain('curl -s datashelf.example:8443/v1/namespaces');
    expect(doc.info.description).not.toContain('localhost:8080');
    expect(doc.paths).toEqual((await server.request('GET', '/openapi.json', { key: null })).body.paths);
    // A Host header that is not a plain name or address is not repeated: the examples keep the guide's.
    const odd = await documentWithHost('x"><script>');
    expect(odd.info.description).toContain('curl -s localhost:8080/v1/namespaces');
    expect(odd.info.description).not.toContain('<script>');
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
