import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CreateMultipartUploadCommand, CompleteMultipartUploadCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { FilesystemBlobs } from '../src/store/blobs/filesystem.js';
import { S3Blobs } from '../src/store/blobs/s3.js';
import type { BlobBackend } from '../src/store/blobs/backend.js';
import { uploadFromAnotherProcess } from './client-process.js';
import { benchServer, fmt, median, throughput, time, type BenchServer } from './lib.js';

const MIB = 1024 * 1024;
const UPLOAD_TURNS = 5;
/** The part size datashelf's S3 backend writes with, so the baseline sends the same requests. */
const S3_PART_BYTES = 8 * MIB;

/** `mib` MiB of incompressible bytes, a 1 MiB block over and over, made as they are read. */
function* bytes(mib: number): Generator<Buffer> {
  const block = randomBytes(MIB);
  for (let i = 0; i < mib; i++) yield block;
}

/**
 * (a) A `mib` MiB upload through POST /v1/attachments against writing the same bytes
 * straight to the same storage: a file written and fsynced on the same disk, and on the
 * S3 backend (against s3rver, the local S3 server the tests use) a multipart upload of
 * the same parts; with the server process's RSS growth. (b) A page of 50 datapoints with
 * two attachments each against the same page without.
 */
export async function attachmentsBench(mib: number): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-attach-bench-'));
  try {
    return [...(await onDisk(dir, mib)), ...(await onS3(dir, mib))];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function onDisk(dir: string, mib: number): Promise<string[]> {
  const server = await serverOn(new FilesystemBlobs(path.join(dir, 'blobs')));
  try {
    const upload = await uploadTurns(server, mib, async (turn) => {
      const file = path.join(dir, `copy-${turn}`);
      await writeAndSync(file, mib);
      fs.rmSync(file);
    });
    const ceiling = await sinkUploadMs(mib);
    return [
      `attachments (disk): ${upload('write + fsync of a file')}`,
      `attachments: the same client into a bare node:http server that discards the bytes: ${fmt((mib / ceiling) * 1000, 0)} MiB/s (median of 3; the HTTP ceiling here)`,
      await pageWithAttachments(server),
    ];
  } finally {
    await server.close();
  }
}

async function onS3(dir: string, mib: number): Promise<string[]> {
  const s3 = await s3rverProcess(path.join(dir, 's3'));
  const settings = {
    bucket: 'blobs',
    prefix: 'datashelf/',
    region: 'us-east-1',
    endpoint: s3.url,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  const server = await serverOn(new S3Blobs(settings));
  const client = new S3Client({ ...settings, forcePathStyle: true });
  try {
    const upload = await uploadTurns(server, mib, (turn) => multipartUpload(client, `baseline/${turn}`, mib));
    return [`attachments (S3, s3rver): ${upload('a multipart upload of the same parts')}`];
  } finally {
    client.destroy();
    await server.close();
    s3.stop();
  }
}

const serverOn = (blobs: BlobBackend) => benchServer({ blobs, maxBytes: 8 * 1024 * MIB });

/**
 * Upload turns alternating which goes first with the baseline, each turn's ratio comparing
 * like with like (the disk is shared and its speed changes from second to second); says
 * the figures, given the baseline's name.
 */
async function uploadTurns(server: BenchServer, mib: number, baseline: (turn: number) => Promise<void>): Promise<(name: string) => string> {
  const turns: { baselineMs: number; uploadMs: number }[] = [];
  let rssGrowth = 0;
  for (let i = 0; i < UPLOAD_TURNS; i++) {
    const direct = async () => (await time(() => baseline(i)))[0];
    const upload = async () => {
      const { value, growth } = await rssPeakDuring(() => uploadFromAnotherProcess(`${server.url}/v1/attachments`, server.key, mib));
      if (value.status !== 201) throw new Error(`upload answered ${value.status}`);
      rssGrowth = Math.max(rssGrowth, growth);
      return value.ms;
    };
    turns.push(i % 2 ? { uploadMs: await upload(), baselineMs: await direct() } : { baselineMs: await direct(), uploadMs: await upload() });
  }
  const mibPerSecond = (pick: (t: (typeof turns)[number]) => number) => fmt((mib / median(turns.map(pick))) * 1000, 0);
  return (name) =>
    `${mib} MiB upload ${mibPerSecond((t) => t.uploadMs)} MiB/s vs ${name} ${mibPerSecond((t) => t.baselineMs)} MiB/s ` +
    `(medians of ${UPLOAD_TURNS} alternating turns): throughput ratio ${fmt(median(turns.map((t) => t.baselineMs / t.uploadMs)))} ` +
    `(median of the turns'; target >= 0.5); RSS growth ${fmt(rssGrowth / MIB, 0)} MB (target < 64)`;
}

/** The page of 50 datapoints naming two attachments each, ÷ the same page naming none, in one-second turns. */
async function pageWithAttachments(server: BenchServer): Promise<string> {
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
  return `attachments: page of 50 datapoints with 2 attachments each takes ${fmt(median(turns))}x the time of the same page without (target <= 1.5)`;
}

/** How long the upload client takes to send `mib` MiB to a server that only counts them (median of 3). */
async function sinkUploadMs(mib: number): Promise<number> {
  const sink = http.createServer((request, response) => request.resume().on('end', () => response.writeHead(201).end()));
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/`;
    const times: number[] = [];
    for (let i = 0; i < 3; i++) times.push((await uploadFromAnotherProcess(url, 'none', mib)).ms);
    return median(times);
  } finally {
    sink.close();
  }
}

/** Writes `mib` MiB to a file and syncs it: what copying a file to this disk costs. */
async function writeAndSync(file: string, mib: number): Promise<void> {
  const handle = await fs.promises.open(file, 'w');
  try {
    for (const block of bytes(mib)) await handle.write(block);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Sends `mib` MiB to the S3 store as one multipart upload in the backend's part size. */
async function multipartUpload(client: S3Client, key: string, mib: number): Promise<void> {
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'blobs', Key: key }));
  const parts: { PartNumber: number; ETag?: string }[] = [];
  let pending: Buffer[] = [];
  const send = async () => {
    const PartNumber = parts.length + 1;
    const { ETag } = await client.send(
      new UploadPartCommand({ Bucket: 'blobs', Key: key, UploadId, PartNumber, Body: Buffer.concat(pending) }),
    );
    parts.push({ PartNumber, ETag });
    pending = [];
  };
  for (const block of bytes(mib)) {
    pending.push(block);
    if (pending.length * MIB >= S3_PART_BYTES) await send();
  }
  if (pending.length) await send();
  await client.send(new CompleteMultipartUploadCommand({ Bucket: 'blobs', Key: key, UploadId, MultipartUpload: { Parts: parts } }));
}

/** What `run` resolves with, and how far this process's resident memory rose meanwhile (sampled every 50 ms). */
async function rssPeakDuring<T>(run: () => Promise<T>): Promise<{ value: T; growth: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    return { value: await run(), growth: peak - before };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * s3rver, the local S3 server the tests use (a development tool: on the PATH the bench
 * runs with), in a process of its own as an object store is; `url` once it listens.
 */
async function s3rverProcess(directory: string): Promise<{ url: string; stop: () => void }> {
  fs.mkdirSync(directory, { recursive: true });
  const child = spawn('s3rver', ['--directory', directory, '--port', '0', '--silent', '--configure-bucket', 'blobs'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const listening = /listening on ([\d.]+):(\d+)/.exec((out += chunk.toString()));
      if (listening) resolve(`http://${listening[1]}:${listening[2]}`);
    });
    child.once('exit', (code) => reject(new Error(`s3rver ended (${code}) before listening: ${out}`)));
    child.once('error', reject);
  });
  return { url, stop: () => child.kill() };
}
