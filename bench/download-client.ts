import http from 'node:http';

/**
 * A client in a process of its own, as real downloaders are: GETs `URL` with node's
 * http module, counting the body's bytes as they arrive and keeping none, and prints
 * `{"status", "bytes", "ms"}` on its last line. Usage: download-client.ts URL KEY
 */
const [url, key] = process.argv.slice(2);

const started = performance.now();
const answer = await new Promise<{ status: number; bytes: number }>((resolve, reject) => {
  const request = http.get(url, { headers: { authorization: `Bearer ${key}` } }, (res) => {
    let bytes = 0;
    res.on('data', (chunk: Buffer) => (bytes += chunk.length)).on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
    res.on('error', reject);
  });
  request.on('error', reject);
});
console.log(JSON.stringify({ ...answer, ms: performance.now() - started }));
