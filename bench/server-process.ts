import fs from 'node:fs';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { processEnv, projectOn, startProcess } from '../test/helpers/process.js';

const ADMIN = 'bench-admin-key-0123456789abcdef';

/** `npm start`'s server in a process of its own, so its memory is measured apart from the benchmark's. */
export interface ServerProcess {
  url: string;
  pid: number;
  key: string;
  /** Resident memory now, in bytes. */
  rss(): number;
  stop(): Promise<void>;
}

export async function serverProcess(): Promise<ServerProcess> {
  const { env, cleanup } = await processEnv({
    DATASHELF_ADMIN_KEY: ADMIN,
    DATASHELF_JWT_SECRET: 'bench-jwt-secret-0123456789abcdef0123456789',
    DATASHELF_RATE_LIMIT: '0',
  });
  const running = await startProcess(env);
  const pid = running.child.pid!;
  return {
    url: running.url,
    pid,
    key: await projectOn(running.url, ADMIN, 'bench'),
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024,
    stop: async () => {
      running.child.kill('SIGTERM');
      await running.exited;
      await cleanup();
    },
  };
}

/** Runs `work` while sampling the server's memory every 20 ms; returns its result and the peak growth over the start. */
export async function peakGrowth<T>(server: ServerProcess, work: () => Promise<T>): Promise<[T, number]> {
  const before = server.rss();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, server.rss())), 20);
  try {
    const result = await work();
    return [result, Math.max(peak, server.rss()) - before];
  } finally {
    clearInterval(timer);
  }
}

/**
 * Latencies of requests issued one after another, at most every 20 ms, until `done`
 * resolves: what a user browsing the server sees while it works.
 */
/** A request probed while work runs: a GET, or (with `body`) a POST of a fresh body each time. */
export interface Probe {
  path: string;
  body?: () => unknown;
}

export async function latenciesUntil(done: Promise<unknown>, server: ServerProcess, probes: Probe[]): Promise<Map<string, number[]>> {
  let finished = false;
  void done.finally(() => (finished = true)).catch(() => {});
  const seen = new Map(probes.map((p) => [p.path, [] as number[]]));
  while (!finished) {
    for (const { path, body } of probes) {
      const start = performance.now();
      const res = await fetch(server.url + path, {
        method: body ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${server.key}`, ...(body && { 'content-type': 'application/json' }) },
        body: body && JSON.stringify(body()),
      });
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`${body ? 'POST' : 'GET'} ${path}: ${res.status}`);
      seen.get(path)!.push(performance.now() - start);
    }
    await sleep(20);
  }
  return seen;
}

export const p99 = (xs: number[]) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))] : NaN;

/** POSTs a file as it streams from disk. */
export async function upload(server: ServerProcess, path: string, file: string, type: string): Promise<{ status: number; body: any }> {
  const init: RequestInit & { duplex: 'half' } = {
    method: 'POST',
    headers: { authorization: `Bearer ${server.key}`, 'content-type': type },
    body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream,
    duplex: 'half',
  };
  const res = await fetch(server.url + path, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** GETs a body, counting its bytes as they arrive and keeping none. */
export async function download(server: ServerProcess, path: string): Promise<number> {
  const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${server.key}` } });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  return bytes;
}

export async function postJson(server: ServerProcess, path: string, body: unknown): Promise<any> {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}
