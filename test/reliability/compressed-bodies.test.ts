import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LIMITS } from '../../src/model/limits.js';
import { rawConnection } from '../helpers/raw-http.js';
import { makeProject, type ProjectKeys, startServer, type TestServer, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * Compressed bodies are bounded by what they become, not by what arrives: the size of
 * their kind and LIMITS.inflateRatioMax. A bomb is answered 413 after a little work, a
 * client that hangs up stops the work, and ordinary compressed uploads go through.
 */
const server = useServer();
let p: ProjectKeys;

beforeAll(async () => {
  p = await server.project('compressed');
});

const MIB = 1024 * 1024;
const zstd = (data: Buffer, level = 19) => execFileSync('zstd', [`-${level}`, '-c', '-q'], { input: data, maxBuffer: 1024 * MIB });
const ENCODERS: Record<string, (data: Buffer) => Buffer> = {
  gzip: (data) => zlib.gzipSync(data, { level: 9 }),
  deflate: (data) => zlib.deflateSync(data, { level: 9 }),
  br: (data) => zlib.brotliCompressSync(data),
  zstd: (data) => zstd(data),
};

const ANSWER = 'an answer that repeats from row to row, as the answers of an evaluation set often do. '.repeat(3);
/** JSON lines of ~330 bytes, partly random: they compress 20 to 40 times, as exported data can. */
const rows = (count: number, from = 0) =>
  Buffer.from(
    Array.from(
      { length: count },
      (_, i) =>
        `${JSON.stringify({ input: { question: `question ${from + i}: ${randomBytes(4).toString('base64')}` }, expected_output: ANSWER, metadata: { n: from + i } })}\n`,
    ).join(''),
  );

const dataset = async (name: string) => (await server.request('POST', '/v1/datasets', { key: p.write, body: { name } })).body.id as string;
const headVersion = async (id: string) => (await server.request('GET', `/v1/datasets/${id}`, { key: p.read })).body.head_version;
const post = (path: string, type: string, encoding: string, data: Buffer) =>
  server.request('POST', path, { key: p.write, raw: { type, data }, headers: { 'content-encoding': encoding } });

/** What the app's decompression metrics read now. */
async function decompression(app: TestServer['app']) {
  const metrics = await app.metrics.getMetricsAsJSON();
  const values = (name: string) => metrics.find((m) => m.name === name)?.values ?? [];
  return {
    bytes: values('datashelf_http_decompressed_bytes_total').reduce((sum, v) => sum + v.value, 0),
    inFlight: values('datashelf_http_decompressing_bodies')[0]?.value ?? 0,
  };
}

describe(`compressed bodies (${DIALECT})`, () => {
  it('answers a bomb in every encoding with 413 naming the ratio, after a little work, storing nothing', async () => {
    const bomb = Buffer.alloc(64 * MIB, '\n');
    for (const [encoding, encode] of Object.entries(ENCODERS)) {
      const id = await dataset(`bomb-${encoding}`);
      const before = (await decompression(server.app)).bytes;
      const res = await post(`/v1/datasets/${id}/imports`, 'application/x-ndjson', encoding, encode(bomb));
      expect(res.status, `${encoding}: ${res.text}`).toBe(413);
      expect(res.body.code).toBe('payload_too_large');
      expect(res.body.detail).toContain(`at most ${LIMITS.inflateRatioMax} times`);
      expect((await decompression(server.app)).bytes - before, encoding).toBeLessThan(16 * MIB);
      expect(await headVersion(id)).toBe(0);
    }
  }, 60_000);

  it('answers a JSON body that becomes more than 32 MiB with 413 naming the limit, creating nothing', async () => {
    // One letter in eight random: within the ratio, so the size limit is what refuses it.
    const pad = Buffer.alloc(33 * MIB, 'x');
    randomBytes(pad.length / 8).forEach((byte, i) => (pad[i * 8] = 97 + (byte % 26)));
    const body = Buffer.from(`{"name":"too-big","metadata":{"pad":"${pad.toString('latin1')}"}}`);
    const res = await post('/v1/datasets', 'application/json', 'gzip', zlib.gzipSync(body, { level: 1 }));
    expect(res.status, res.text.slice(0, 300)).toBe(413);
    expect(res.body.detail).toContain(`at most 32 MiB (${LIMITS.jsonBodyBytes} bytes) once decompressed`);
    const names = (await server.request('GET', '/v1/datasets?limit=1000', { key: p.read })).body.data.map((d: any) => d.name);
    expect(names).not.toContain('too-big');
  }, 60_000);

  it('imports compressed files and takes compressed JSON in every encoding, past the first MiB', async () => {
    const file = rows(5000);
    expect(file.length).toBeGreaterThan(LIMITS.inflateFreeBytes);
    for (const [encoding, encode] of Object.entries(ENCODERS)) {
      const id = await dataset(`fine-${encoding}`);
      const imported = await post(`/v1/datasets/${id}/imports`, 'application/x-ndjson', encoding, encode(file));
      expect(imported.status, `${encoding}: ${imported.text}`).toBe(201);
      expect(imported.body).toMatchObject({ version: 1, added: 5000 });
      const add = Array.from({ length: 1000 }, (_, n) => ({ input: `json ${n}`, metadata: { pad: ANSWER } }));
      const committed = await post(
        `/v1/datasets/${id}/versions`,
        'application/json',
        encoding,
        encode(Buffer.from(JSON.stringify({ add }))),
      );
      expect(committed.status, `${encoding}: ${committed.text}`).toBe(201);
      expect(committed.body).toMatchObject({ version: 2, datapoint_count: 6000 });
    }
  }, 120_000);
});

describe(`a client that hangs up mid-body (${DIALECT})`, () => {
  let own: TestServer;
  beforeAll(async () => {
    own = await startServer();
  });
  afterAll(async () => {
    await own.close();
  });

  it('stops decompressing its body, storing nothing', async () => {
    const keys = await makeProject(own, 'hang-up');
    const id = (await own.request('POST', '/v1/datasets', { key: keys.write, body: { name: 'abandoned' } })).body.id;
    // Far more rows than the server imports in the moment it takes to see the hang-up, in a body it reads ahead whole.
    const plain = Buffer.concat(Array.from({ length: 10 }, (_, i) => rows(20_000, i * 20_000)));
    const body = zlib.gzipSync(plain, { level: 1 });
    expect(body.length).toBeLessThan(4 * MIB);

    const connection = rawConnection(own.url);
    await connection.connected;
    await connection.write(
      `POST /v1/datasets/${id}/imports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${keys.write}\r\n` +
        `Content-Type: application/x-ndjson\r\nContent-Encoding: gzip\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    await connection.write(body);
    await vi.waitFor(async () => expect((await decompression(own.app)).inFlight).toBe(1), { timeout: 30_000, interval: 10 });
    connection.end();

    await vi.waitFor(async () => expect((await decompression(own.app)).inFlight).toBe(0), { timeout: 120_000, interval: 20 });
    expect((await decompression(own.app)).bytes).toBeLessThan(plain.length / 4);
    expect((await own.request('GET', `/v1/datasets/${id}`, { key: keys.read })).body.head_version).toBe(0);
  }, 180_000);
});
