import net from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseResponses, type RawResponse } from '../helpers/raw-http.js';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;
let datasetId: string;

beforeAll(async () => {
  p = await server.project('early');
  datasetId = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'early' } })).body.id;
});

const row = JSON.stringify({ input: 'x'.repeat(500) }) + '\n';
/** 40 MB of good rows, the most a client may still be sending when the server has already answered. */
const ROWS = Buffer.from(row.repeat(Math.ceil(40e6 / row.length)));
const LONG_LINE = Buffer.from(JSON.stringify({ input: 'y'.repeat(2 * 1024 * 1024) }) + '\n');

/**
 * A request with a large body, sent as a client that writes every byte before it reads
 * would (whatever the server says meanwhile): the answer, and whether each write went
 * through (a connection the server closed fails one).
 */
async function sendWhole(path: string, body: Buffer): Promise<{ answer: RawResponse | undefined; wrote: boolean }> {
  const socket = net.connect({ port: Number(new URL(server.url).port), host: '127.0.0.1', allowHalfOpen: true });
  const received: Buffer[] = [];
  socket.on('data', (chunk) => received.push(chunk));
  socket.on('error', () => {});
  const closed = new Promise((resolve) => socket.on('close', resolve));
  const write = (data: string | Buffer) => new Promise<boolean>((resolve) => socket.write(data, (error) => resolve(!error)));
  let wrote = await write(
    `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${p.write}\r\nContent-Type: application/x-ndjson\r\n` +
      `Content-Length: ${body.length}\r\n\r\n`,
  );
  for (let at = 0; wrote && at < body.length; at += 1 << 20) wrote = await write(body.subarray(at, at + (1 << 20)));
  socket.end();
  await closed;
  return { answer: parseResponses(Buffer.concat(received).toString('latin1'))[0], wrote };
}

describe(`answers sent before the body has arrived (${DIALECT})`, () => {
  it.each([
    ['a mapping that is not one', `mapping=${encodeURIComponent('{"frob":1}')}`, ROWS, 422, 'mapping: frob is not a known field'],
    [
      'a mapping naming no column of the file',
      `mapping=${encodeURIComponent('{"fields":{"input":"nope"}}')}`,
      ROWS,
      400,
      'nothing in the file fills input',
    ],
    ['a first line over 1 MiB', '', Buffer.concat([LONG_LINE, ROWS]), 413, 'line 1: longer than 1048576 bytes'],
  ])('reach a client still uploading 40 MB: %s', async (_case, query, body, status, detail) => {
    const { answer, wrote } = await sendWhole(`/v1/datasets/${datasetId}/imports?format=jsonl${query && `&${query}`}`, body);
    expect(wrote).toBe(true);
    expect(answer).toMatchObject({ status, headers: { connection: 'close' } });
    expect(JSON.parse(answer!.body).detail).toContain(detail);
  });

  it('reach a client still uploading NDJSON datapoints past a line over 1 MiB', async () => {
    const { answer, wrote } = await sendWhole(`/v1/datasets/${datasetId}/versions`, Buffer.concat([Buffer.from(row), LONG_LINE, ROWS]));
    expect(wrote).toBe(true);
    expect(answer?.status).toBe(413);
    expect(JSON.parse(answer!.body).detail).toContain('line 2');
    expect((await server.request('GET', `/v1/datasets/${datasetId}`, { key: p.read })).body.head_version).toBe(0);
  });
});
