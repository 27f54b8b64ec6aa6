import { benchServer, datapoint, fmt, time, writeBatch } from './lib.js';

/**
 * (a) HTTP NDJSON import of N ~1 KB datapoints, against the same rows written straight
 * into the store through its bulk path (one transaction, no HTTP, no validation).
 */
export async function importBench(count: number): Promise<string[]> {
  const server = await benchServer();
  try {
    const body = Array.from({ length: count }, (_, i) => JSON.stringify(datapoint(i))).join('\n') + '\n';
    const target = await server.services.datasets.create(server.caller, { name: 'http-import' });
    const [httpMs, res] = await time(() =>
      fetch(`${server.url}/v1/datasets/${target.id}/versions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/x-ndjson' },
        body,
      }),
    );
    if (res.status !== 201) throw new Error(`import failed: ${res.status} ${await res.text()}`);

    const direct = await server.services.datasets.create(server.caller, { name: 'direct' });
    const [directMs] = await time(() => server.store.transaction((tx) => writeBatch(tx, direct.seq, 0, count)));
    const mb = Buffer.byteLength(body) / 1e6;
    return [
      `import of ${count} datapoints (${fmt(mb, 1)} MB NDJSON) on ${server.store.dialect.name}`,
      `  HTTP NDJSON:   ${fmt(httpMs / 1000)} s  (${Math.round(count / (httpMs / 1000))} rows/s)`,
      `  straight:      ${fmt(directMs / 1000)} s  (${Math.round(count / (directMs / 1000))} rows/s)`,
      `  ratio HTTP / straight: ${fmt(httpMs / directMs)}x`,
    ];
  } finally {
    await server.close();
  }
}
