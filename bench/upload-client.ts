import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

/**
 * A client in a process of its own, as real uploaders are: streams `MIB` MiB (a random
 * 1 MiB block over and over) to `URL` with node's http module, and prints
 * `{"status", "ms"}` on its last line. Usage: upload-client.ts URL KEY MIB
 */
const [url, key, mib] = process.argv.slice(2);
const MIB = 1024 * 1024;
const block = randomBytes(MIB);

function* blocks(): Generator<Buffer> {
  for (let i = 0; i < Number(mib); i++) yield block;
}

const started = performance.now();
const status = await new Promise<number>((resolve, reject) => {
  const request = http.request(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream', 'content-length': Number(mib) * MIB },
  });
  request.on('response', (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0)));
  pipeline(Readable.from(blocks()), request).catch(reject);
});
console.log(JSON.stringify({ status, ms: performance.now() - started }));
