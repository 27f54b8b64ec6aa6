import { randomUUID } from 'node:crypto';
import { timeOrderedUuid } from '../src/domain/time-ordered-id.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newContent } from '../src/domain/datapoint-content.js';
import { sourceHasher } from '../src/domain/imports/rows.js';
import { writeDatapoints } from '../src/store/versions.js';
import { rawInsert } from './raw-insert.js';
import { importRow, writeCsv, writeJsonl, writeParquet } from './files.js';
import { benchStore, fmt, time } from './lib.js';
import { download, latenciesUntil, p99, peakGrowth, postJson, serverProcess, upload, type ServerProcess } from './server-process.js';

const FORMATS = [
  { format: 'jsonl', type: 'application/x-ndjson', write: writeJsonl },
  { format: 'csv', type: 'text/csv', write: writeCsv },
  { format: 'parquet', type: 'application/vnd.apache.parquet', write: writeParquet },
] as const;

const mb = (bytes: number) => `${fmt(bytes / 2 ** 20, 0)} MB`;

/**
 * The baseline: the same rows the imports write (content, and the source hash an import
 * keeps) straight through the store's bulk path, in one transaction, in this process.
 */
async function straightInsert(count: number): Promise<number> {
  const store = await benchStore();
  const hashOf = sourceHasher({ format: 'jsonl', mapping: {} });
  try {
    const [ms] = await time(() =>
      store.transaction(async (tx) => {
        const at = new Date().toISOString();
        for (let start = 0; start < count; start += 10_000) {
          const size = Math.min(10_000, count - start);
          const seqs = await tx.allocateDatapointSeqs(size);
          const writes = Array.from({ length: size }, (_, j) => {
            const row = importRow(start + j);
            return {
              ...newContent(row, { id: timeOrderedUuid(), seq: seqs[j], order: start + j }),
              created_at: at,
              updated_at: at,
              source_hash: hashOf({ at: '', value: row, raw: JSON.stringify(row) }),
            };
          });
          await writeDatapoints(tx, 1, 1, writes);
        }
      }),
    );
    return ms;
  } finally {
    await store.close();
  }
}

/**
 * An import, while `/healthz`, a 50-row page of another dataset and a one-datapoint
 * commit to another dataset are probed in turn, each as soon as the last answered.
 */
async function timedImport(server: ServerProcess, datasetId: string, file: string, type: string, query = '') {
  const probed = `/v1/datasets/${(await postJson(server, '/v1/datasets', { name: `probe-${randomUUID()}` })).id}`;
  await postJson(server, `${probed}/versions`, { add: Array.from({ length: 200 }, (_, i) => ({ input: i })) });
  const probes = [
    { path: '/healthz' },
    { path: `${probed}/datapoints?limit=50` },
    { path: `${probed}/versions`, body: () => ({ add: [{ input: 'probe' }] }) },
  ];
  const [[[ms, res], latencies], growth] = await peakGrowth(server, async () => {
    const work = time(() => upload(server, `/v1/datasets/${datasetId}/imports${query}`, file, type));
    return Promise.all([work, latenciesUntil(work, server, probes)]);
  });
  if (res.status >= 300) throw new Error(`import failed: ${res.status} ${JSON.stringify(res.body)}`);
  const [health, page, commit] = probes.map((p) => p99(latencies.get(p.path)!));
  return { ms, result: res.body, growth, health, page, commit };
}

/**
 * One small import of each format first, so the figures measure what grows with an
 * import rather than what a server sets up once (the SQLite worker thread and its
 * connection's page cache, compiled validators, statement caches).
 */
async function warmUp(server: ServerProcess, dir: string): Promise<void> {
  for (const { format, type, write } of FORMATS) {
    const file = path.join(dir, `warm.${format}`);
    await write(file, 1000);
    const { id } = await postJson(server, '/v1/datasets', { name: `warm-${format}` });
    const res = await upload(server, `/v1/datasets/${id}/imports`, file, type);
    if (res.status !== 201) throw new Error(`warm-up ${format}: ${res.status}`);
  }
}

/**
 * Imports `count` ~1 KB datapoints as JSON lines, CSV and Parquet into a server running
 * as `npm start` runs it, against the store's own bulk insert of the same rows; then an
 * upsert of the JSON lines with 1,000 rows changed, against the first import; then
 * exports the dataset in every format, watching the server's memory.
 */
export async function importBench(count: number): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-bench-files-'));
  const server = await serverProcess();
  try {
    const rawMs = await rawInsert(count);
    const straightMs = await straightInsert(count);
    const lines = [
      `import of ${count.toLocaleString('en')} datapoints (~1 KB) on ${process.env.DATABASE_URL ? 'postgres' : 'sqlite'}`,
      `  raw driver into a bare table: ${fmt(rawMs / 1000)} s  (${Math.round(count / (rawMs / 1000))} rows/s)`,
      `  store bulk insert, straight:  ${fmt(straightMs / 1000)} s  (${Math.round(count / (straightMs / 1000))} rows/s)`,
    ];
    await warmUp(server, dir);
    let jsonl = { id: '', ms: 0, file: '' };
    const chosen = process.env.BENCH_FORMATS?.split(',');
    for (const { format, type, write } of FORMATS.filter((f) => !chosen || chosen.includes(f.format))) {
      const file = path.join(dir, `rows.${format}`);
      const bytes = await write(file, count);
      const { id } = await postJson(server, '/v1/datasets', { name: `import-${format}` });
      const run = await timedImport(server, id, file, type);
      if (run.result.datapoint_count !== count) throw new Error(`${format}: ${JSON.stringify(run.result)}`);
      if (format === 'jsonl') jsonl = { id, ms: run.ms, file };
      lines.push(
        `  ${format.padEnd(8)} ${mb(bytes).padStart(8)}: ${fmt(run.ms / 1000)} s  (${Math.round(count / (run.ms / 1000))} rows/s)  ` +
          `rows/s ÷ raw ${fmt(rawMs / run.ms)}  ÷ straight ${fmt(straightMs / run.ms)}  peak RSS +${mb(run.growth)}  ` +
          `p99 healthz ${fmt(run.health, 1)} ms, page ${fmt(run.page, 1)} ms, another dataset's commit ${fmt(run.commit, 1)} ms`,
      );
    }

    if (!jsonl.id) return lines;
    const every = Math.max(1, Math.floor(count / 1000));
    const changedFile = path.join(dir, 'changed.jsonl');
    await writeJsonl(changedFile, count, (i) => i % every === 0);
    const upsert = await timedImport(server, jsonl.id, changedFile, 'application/x-ndjson', '?mode=upsert');
    const { added, updated, unchanged } = upsert.result;
    lines.push(
      `  upsert, ${updated} changed: ${fmt(upsert.ms / 1000)} s  ÷ first import ${fmt(upsert.ms / jsonl.ms)}  ` +
        `(added ${added}, updated ${updated}, unchanged ${unchanged})  peak RSS +${mb(upsert.growth)}  p99 healthz ${fmt(upsert.health, 1)} ms, page ${fmt(upsert.page, 1)} ms`,
    );
    for (const format of ['jsonl', 'csv', 'parquet', 'openai']) {
      const [[ms, bytes], growth] = await peakGrowth(server, () =>
        time(() => download(server, `/v1/datasets/${jsonl.id}/export?format=${format}`)),
      );
      lines.push(
        `  export ${format.padEnd(8)} ${mb(bytes).padStart(8)}: ${fmt(ms / 1000)} s  (${Math.round(count / (ms / 1000))} rows/s)  peak RSS +${mb(growth)}`,
      );
    }
    return lines;
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
