import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

/**
 * A client in a process of its own, as real uploaders are: streams `MIB` MiB (a random
 * 1 MiB block over and over) to `URL` with node's http module, and prints
 * `{"status", "ms", "body"}` on its last line. Usage: upload-client.ts URL KEY MIB
 */
const [url, key, mib] = process.argv.slice(2);
const MIB = 1024 * 1024;
const block = randomBytes(MIB);

function* blocks(): Generator<Buffer> {
  for (let i = 0; i < Number(mib); i++) yield block;
}

const started = performance.now();
const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
  const request = http.request(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream', 'content-length': Number(mib) * MIB },
  });
  request.on('response', (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (text: string) => (body += text)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
  });
  pipeline(Readable.from(blocks()), request).catch(reject);
});
const ms = performance.now() - started;
console.log(JSON.stringify({ status: answer.status, ms, body: answer.body }));
