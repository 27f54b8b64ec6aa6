import { randomUUID } from 'node:crypto';
import { newRow } from '../src/domain/datapoint-model.js';
import { LIVE } from '../src/store/store.js';
import { benchServer, datapoint, fmt, time } from './lib.js';

/**
 * (a) HTTP NDJSON import of N ~1 KB datapoints, against the same rows written straight
 * into the store through its bulk path (one transaction, no HTTP, no validation).
 */
export async function importBench(count: number): Promise<string[]> {
  const server = await benchServer();
  try {
    const body = Array.from({ length: count }, (_, i) => JSON.stringify(datapoint(i))).join('\n') + '\n';
    const target = await server.services.datasets.create(server.projectId, { name: 'http-import' });
    const [httpMs, res] = await time(() =>
      fetch(`${server.url}/v1/datasets/${target.id}/versions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/x-ndjson' },
        body,
      }),
    );
    if (res.status !== 201) throw new Error(`import failed: ${res.status} ${await res.text()}`);

    const direct = await server.services.datasets.create(server.projectId, { name: 'direct' });
    const row = await server.services.datasets.row(server.projectId, direct.id);
    const at = new Date().toISOString();
    const [directMs] = await time(() =>
      server.store.transaction(async (tx) => {
        const seqs = await tx.allocateDatapointSeqs(count);
        const rows = Array.from({ length: count }, (_, i) =>
          newRow(datapoint(i), { datasetSeq: row.seq, id: randomUUID(), seq: seqs[i], order: i, version: 1, at, liveTo: LIVE }),
        );
        await tx.insertDatapoints(rows);
      }),
    );
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
