import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FilesystemBlobs } from '../src/store/blobs/filesystem.js';
import { benchServer, fmt, median, throughput, time } from './lib.js';

const MIB = 1024 * 1024;

/** `mib` MiB of incompressible bytes, a 1 MiB block over and over, made as they are read. */
function* bytes(mib: number): Generator<Buffer> {
  const block = randomBytes(MIB);
  for (let i = 0; i < mib; i++) yield block;
}

/**
 * (a) A `mib` MiB upload through POST /v1/attachments against writing the same bytes to
 * the same disk (write + fsync, a plain file copy), with the process's RSS growth; (b) a
 * page of 50 datapoints with two attachments each against the same page without.
 */
export async function attachmentsBench(mib: number): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-attach-bench-'));
  const server = await benchServer({ blobs: new FilesystemBlobs(path.join(dir, 'blobs')), maxBytes: 8 * 1024 * MIB });
  try {
    const [copyMs] = await time(async () => {
      const handle = await fs.promises.open(path.join(dir, 'copy'), 'w');
      for (const block of bytes(mib)) await handle.write(block);
      await handle.sync();
      await handle.close();
    });
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
    const [uploadMs, status] = await time(async () => {
      const res = await fetch(`${server.url}/v1/attachments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/octet-stream' },
        body: streamOf(bytes(mib)),
        duplex: 'half',
      });
      await res.arrayBuffer();
      return res.status;
    });
    clearInterval(sampler);
    if (status !== 201) throw new Error(`upload answered ${status}`);

    const files = await Promise.all(
      ['image/png', 'audio/wav'].map(async (type, i) => {
        const res = await fetch(`${server.url}/v1/attachments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${server.key}`, 'content-type': type },
          body: `file ${i}`,
        });
        return ((await res.json()) as { id: string }).id;
      }),
    );
    const page = async (name: string, attachments?: Record<string, string>) => {
      const ds = await server.services.datasets.create(server.caller, { name });
      const add = Array.from({ length: 50 }, (_, i) => ({ input: { question: `q ${i}`, text: 'x'.repeat(300) }, attachments }));
      await server.services.versions.commit(server.caller, ds.id, { add }, 50);
      return `${server.url}/v1/datasets/${ds.id}/datapoints?limit=50`;
    };
    const plain = await page('plain');
    const withFiles = await page('with-files', { image: files[0], audio: files[1] });
    const headers = { authorization: `Bearer ${server.key}` };
    const turns: number[] = [];
    for (let i = 0; i < 6; i++) {
      const a = await throughput(plain, headers, 1);
      const b = await throughput(withFiles, headers, 1);
      turns.push(a / b);
    }
    return [
      `attachments: ${mib} MiB upload ${fmt((mib / uploadMs) * 1000, 0)} MiB/s vs plain write+fsync ${fmt((mib / copyMs) * 1000, 0)} MiB/s: ` +
        `throughput ratio ${fmt(copyMs / uploadMs)} (target >= 0.5); RSS growth ${fmt((rssPeak - rssBefore) / MIB, 0)} MB (target < 64)`,
      `attachments: page of 50 datapoints with 2 attachments each takes ${fmt(median(turns))}x the time of the same page without (target <= 1.5)`,
    ];
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A web stream of the blocks, pulled one at a time (fetch streams a request body from it). */
function streamOf(blocks: Generator<Buffer>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      const next = blocks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
}
