import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { downloadFromAnotherProcess, uploadFromAnotherProcess } from './client-process.js';
import { writeJsonl } from './files.js';
import { fmt, median } from './lib.js';
import { peakGrowth, postJson, serverProcess, upload, type ServerProcess } from './server-process.js';

const MIB = 1024 * 1024;
const DOWNLOAD_TURNS = 5;
/** Versions rendered: each turn after the first changes one row, so it has a version never rendered. */
const RENDER_TURNS = 3;
/** The namespace (and project) serverProcess makes: the Hub's repositories are `bench/NAME`. */
const NAMESPACE = 'bench';

const mb = (bytes: number) => `${fmt(bytes / MIB, 0)} MB`;
const seconds = (ms: number) => `${fmt(ms / 1000)} s`;

/**
 * The Hub surface (issue 29) against a server process started as `npm start` runs it:
 * (a) a `mib` MiB file of a dataset's tree downloaded through `resolve` against the
 * same attachment through `GET /v1/attachments/{id}`; (b) the Parquet shards of a
 * `rows`-datapoint version rendered by its first `resolve` against
 * `export?format=parquet` of the same version, then the shard served as kept.
 */
export async function hfBench(mib: number, rows: number): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-hf-bench-'));
  const server = await serverProcess();
  try {
    // BENCH_HF_PARTS=download (or render) runs one part alone.
    const parts = (process.env.BENCH_HF_PARTS ?? 'download,render').split(',');
    return [
      ...(parts.includes('download') ? [await downloads(server, mib)] : []),
      ...(parts.includes('render') ? await renders(server, dir, rows) : []),
    ];
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `a` and `b` run one after the other, `b` first when `flip`; their results in the order named. */
async function inOrder<A, B>(flip: boolean, a: () => Promise<A>, b: () => Promise<B>): Promise<[A, B]> {
  if (!flip) return [await a(), await b()];
  const second = await b();
  return [await a(), second];
}

/** GETs `route` from a client process, checking it answered 200. */
async function fetched(server: ServerProcess, route: string): Promise<{ bytes: number; ms: number }> {
  const res = await downloadFromAnotherProcess(server.url + route, server.key);
  if (res.status !== 200) throw new Error(`GET ${route}: ${res.status}`);
  return res;
}

async function getJson(server: ServerProcess, route: string): Promise<any> {
  const res = await fetch(server.url + route, { headers: { authorization: `Bearer ${server.key}` } });
  if (res.status !== 200) throw new Error(`GET ${route}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** The same blob through both routes, in turns alternating which goes first; each turn's ratio compares like with like. */
async function downloads(server: ServerProcess, mib: number): Promise<string> {
  const uploaded = await uploadFromAnotherProcess(`${server.url}/v1/attachments`, server.key, mib);
  if (uploaded.status !== 201) throw new Error(`upload answered ${uploaded.status}: ${uploaded.body}`);
  const attachment = (JSON.parse(uploaded.body) as { id: string }).id;
  const { id } = await postJson(server, '/v1/datasets', { name: 'files' });
  const file = 'videos/chunk-000/file-000.bin';
  await postJson(server, `/v1/datasets/${id}/versions`, { files: { put: [{ path: file, attachment_id: attachment }] } });
  const routes = { resolve: `/compat/hf/datasets/${NAMESPACE}/files/resolve/main/${file}`, attachment: `/v1/attachments/${attachment}` };
  const turns: { resolveMs: number; attachmentMs: number }[] = [];
  for (let i = 0; i < DOWNLOAD_TURNS; i++) {
    const get = async (route: string) => {
      const { bytes, ms } = await fetched(server, route);
      if (bytes !== mib * MIB) throw new Error(`GET ${route}: ${bytes} bytes`);
      return ms;
    };
    const [attachmentMs, resolveMs] = await inOrder(
      i % 2 === 1,
      () => get(routes.attachment),
      () => get(routes.resolve),
    );
    turns.push({ attachmentMs, resolveMs });
  }
  const mibPerSecond = (pick: (t: (typeof turns)[number]) => number) => fmt((mib / median(turns.map(pick))) * 1000, 0);
  return (
    `hf: ${mib} MiB download through resolve ${mibPerSecond((t) => t.resolveMs)} MiB/s vs GET /v1/attachments/{id} ` +
    `${mibPerSecond((t) => t.attachmentMs)} MiB/s (medians of ${DOWNLOAD_TURNS} alternating turns): throughput ratio ` +
    `${fmt(median(turns.map((t) => t.attachmentMs / t.resolveMs)))} (median of the turns': ` +
    `${turns.map((t) => fmt(t.attachmentMs / t.resolveMs)).join(', ')}; target >= 0.9)`
  );
}

interface RenderTurn {
  exportMs: number;
  exportBytes: number;
  exportGrowth: number;
  renderMs: number;
  renderGrowth: number;
  keptMs: number;
  keptBytes: number;
  keptGrowth: number;
}

/**
 * A `rows`-datapoint dataset imported, then RENDER_TURNS versions of it (one row changed
 * before each turn after the first, since a version renders once): each turn times the
 * version's Parquet export and the first `resolve` of its first shard (which renders
 * and keeps every shard of the split), alternating which goes first, then that
 * `resolve` again (served as kept).
 */
async function renders(server: ServerProcess, dir: string, rows: number): Promise<string[]> {
  const name = 'rendered';
  const { id } = await postJson(server, '/v1/datasets', { name });
  const file = path.join(dir, 'rows.jsonl');
  await writeJsonl(file, rows);
  const imported = await upload(server, `/v1/datasets/${id}/imports`, file, 'application/x-ndjson');
  if (imported.status !== 201) throw new Error(`import: ${imported.status} ${JSON.stringify(imported.body)}`);
  fs.rmSync(file);

  const first = (await getJson(server, `/v1/datasets/${id}/datapoints?limit=1`)).data[0].id as string;
  const turns: RenderTurn[] = [];
  let shard = '';
  for (let i = 0; i < RENDER_TURNS; i++) {
    if (i > 0) await postJson(server, `/v1/datasets/${id}/versions`, { update: [{ id: first, expected_output: `turn ${i}` }] });
    const { head_version } = await getJson(server, `/v1/datasets/${id}`);
    const info = await getJson(server, `/compat/hf/api/datasets/${NAMESPACE}/${name}`);
    shard = (info.siblings as { rfilename: string }[]).map((s) => s.rfilename).find((p) => p.startsWith('data/'))!;
    const resolve = `/compat/hf/datasets/${NAMESPACE}/${name}/resolve/${info.sha}/${shard}`;
    const exported = () => peakGrowth(server, () => fetched(server, `/v1/datasets/${id}/export?format=parquet&version=${head_version}`));
    const rendered = () => peakGrowth(server, () => fetched(server, resolve));
    const [[exp, exportGrowth], [render, renderGrowth]] = await inOrder(i % 2 === 1, exported, rendered);
    const [kept, keptGrowth] = await peakGrowth(server, () => fetched(server, resolve));
    turns.push({
      exportMs: exp.ms,
      exportBytes: exp.bytes,
      exportGrowth,
      renderMs: render.ms,
      renderGrowth,
      keptMs: kept.ms,
      keptBytes: kept.bytes,
      keptGrowth,
    });
  }
  return renderLines(rows, shard, turns);
}

/** The turns' medians: the render ÷ the export (each turn's ratio), and the kept shard's serving. */
function renderLines(rows: number, shard: string, turns: RenderTurn[]): string[] {
  const mid = (pick: (t: RenderTurn) => number) => median(turns.map(pick));
  const shards = Number(/-of-(\d+)\.parquet$/.exec(shard)![1]);
  const keptMs = mid((t) => t.keptMs);
  const peak = (pick: (t: RenderTurn) => number) => mb(Math.max(...turns.map(pick)));
  return [
    `hf: Parquet of ${rows.toLocaleString('en')} datapoints (~1 KB) on ${process.env.DATABASE_URL ? 'postgres' : 'sqlite'}, ` +
      `${turns.length} versions (one row changed between turns), medians of the turns`,
    `  GET /v1/datasets/{id}/export?format=parquet: ${seconds(mid((t) => t.exportMs))} (one file, ${mb(turns[0].exportBytes)}); peak RSS +${peak((t) => t.exportGrowth)}`,
    `  first resolve of ${shard} (renders and keeps the split's ${shards === 1 ? 'one shard' : `${shards} shards`}): ` +
      `${seconds(mid((t) => t.renderMs))}, ÷ export ${fmt(mid((t) => t.renderMs / t.exportMs))} ` +
      `(turns: ${turns.map((t) => fmt(t.renderMs / t.exportMs)).join(', ')}; target <= 1.2); peak RSS +${peak((t) => t.renderGrowth)}`,
    `  second resolve (kept): ${seconds(keptMs)} for ${mb(turns[0].keptBytes)}, ${fmt((turns[0].keptBytes / MIB / keptMs) * 1000, 0)} MiB/s, ` +
      `÷ export ${fmt(mid((t) => t.keptMs / t.exportMs))}; peak RSS +${peak((t) => t.keptGrowth)}`,
  ];
}
