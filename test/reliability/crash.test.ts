import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, processEnv, projectOn, startProcess, type ProcessEnv } from '../helpers/process.js';
import { DIALECT } from '../helpers/store.js';

/**
 * SIGKILL while imports and commits are in flight, then a restart: everything the
 * server acknowledged is there, no version is partial, and the SQLite file is sound.
 * CI runs a few cycles; RELIABILITY_KILL_CYCLES=50 npm test -- test/reliability/crash
 * runs the long version by hand.
 */
const CYCLES = Number(process.env.RELIABILITY_KILL_CYCLES ?? 3);
const ADMIN = 'crash-admin-key-0123456789abcdefgh';
const BATCH = 20;
const IMPORT_LINES = 4000;

let setup: ProcessEnv;
beforeAll(async () => {
  setup = await processEnv({ DATASHELF_ADMIN_KEY: ADMIN, DATASHELF_RATE_LIMIT: '0', DATASHELF_IMPORT_STALL_SECONDS: '5' });
});
afterAll(() => setup.cleanup());

interface Acked {
  dataset: 'adds' | 'imports';
  version: number;
  markers: string[];
}

/** Small commits that each add BATCH marked datapoints, over and over, until the server dies. */
async function committer(url: string, key: string, datasetId: string, writer: number, acked: Acked[], onAck: () => void) {
  for (let n = 0; ; n++) {
    const markers = Array.from({ length: BATCH }, (_, i) => `w${writer}-${n}-${i}`);
    const res = await call(url, key, 'POST', `/v1/datasets/${datasetId}/versions`, { add: markers.map((m) => ({ input: m })) }).catch(
      () => null,
    );
    if (!res) return;
    expect(res.status).toBe(201);
    acked.push({ dataset: 'adds', version: res.body.version, markers });
    onAck();
  }
}

/**
 * Large NDJSON imports that replace the whole dataset, over and over. After a kill, an
 * import the dead process left staged holds the dataset (409) until it is swept.
 */
async function importer(url: string, key: string, datasetId: string, acked: Acked[], onAck: () => void) {
  const body = Array.from({ length: IMPORT_LINES }, (_, i) => JSON.stringify({ input: { i }, expected_output: 'y'.repeat(300) })).join(
    '\n',
  );
  for (;;) {
    const res = await fetch(`${url}/v1/datasets/${datasetId}/versions?mode=replace`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
      body,
    }).catch(() => null);
    if (!res) return;
    const version = (await res.json().catch(() => null)) as { version: number; code?: string } | null;
    if (!version) return;
    if (res.status === 409 && version.code === 'version_conflict') {
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    expect(res.status).toBe(201);
    acked.push({ dataset: 'imports', version: version.version, markers: [] });
    onAck();
  }
}

async function allInputs(url: string, key: string, datasetId: string, version: number): Promise<unknown[]> {
  const inputs: unknown[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: any } = await call(
      url,
      key,
      'GET',
      `/v1/datasets/${datasetId}/datapoints?limit=1000&version=${version}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    inputs.push(...page.body.data.map((d: any) => d.input));
    cursor = page.body.next_cursor;
  } while (cursor);
  return inputs;
}

describe(`SIGKILL during writes (${DIALECT})`, () => {
  it(
    `keeps every acknowledged write and nothing partial, over ${CYCLES} kill cycles`,
    async () => {
      let server = await startProcess(setup.env);
      const key = await projectOn(server.url, ADMIN, 'crash');
      const adds = (await call(server.url, key, 'POST', '/v1/datasets', { name: 'adds' })).body.id as string;
      const imports = (await call(server.url, key, 'POST', '/v1/datasets', { name: 'imports' })).body.id as string;
      const acked: Acked[] = [];
      let seed = 7;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

      for (let cycle = 0; cycle < CYCLES; cycle++) {
        // Killed after a random number of acknowledged writes: mid-commit, mid-import, or between.
        const killAfter = acked.length + 4 + Math.floor(random() * 20);
        const running = server;
        const onAck = () => {
          if (acked.length >= killAfter) running.child.kill('SIGKILL');
        };
        await Promise.all([
          ...[0, 1, 2].map((w) => committer(running.url, key, adds, cycle * 10 + w, acked, onAck)),
          importer(running.url, key, imports, acked, onAck),
        ]);
        expect(await running.exited).toBe('SIGKILL');

        if (DIALECT === 'sqlite') {
          const file = new BetterSqlite3(path.join(setup.dataDir, 'datashelf.sqlite'));
          expect(file.pragma('integrity_check', { simple: true })).toBe('ok');
          file.close();
        }
        server = await startProcess(setup.env);
      }

      const url = server.url;
      const versionsOf = async (id: string) => (await call(url, key, 'GET', `/v1/datasets/${id}/versions?limit=1000`)).body.data.reverse();
      const addVersions = await versionsOf(adds);
      // Versions are contiguous, each one whole: BATCH more datapoints than the one before.
      expect(addVersions.map((v: any) => v.version)).toEqual(addVersions.map((_: unknown, i: number) => i + 1));
      expect(addVersions.map((v: any) => v.datapoint_count)).toEqual(addVersions.map((_: unknown, i: number) => (i + 1) * BATCH));
      const head = addVersions.length;
      const present = new Set(await allInputs(url, key, adds, head));
      expect(present.size).toBe(head * BATCH);
      for (const ack of acked.filter((a) => a.dataset === 'adds')) {
        expect(ack.version).toBeLessThanOrEqual(head);
        for (const marker of ack.markers) expect(present.has(marker), marker).toBe(true);
      }

      const importVersions = await versionsOf(imports);
      expect(importVersions.every((v: any) => v.datapoint_count === IMPORT_LINES)).toBe(true);
      for (const ack of acked.filter((a) => a.dataset === 'imports')) expect(ack.version).toBeLessThanOrEqual(importVersions.length);
      if (importVersions.length) expect(await allInputs(url, key, imports, importVersions.length)).toHaveLength(IMPORT_LINES);
      expect(acked.length).toBeGreaterThan(CYCLES * 4);

      server.child.kill('SIGTERM');
      await server.exited;
    },
    60_000 + CYCLES * 10_000,
  );
});
