import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ensurePrivateDir } from '../private-dir.js';
import type { BlobBackend, ByteRange, StoredBlob } from './backend.js';
import { writeInBatches } from './batches.js';

/**
 * Blobs as files under a directory: `sha256/ab/abcd…` for each blob, `tmp/` for bytes
 * still arriving. A blob is written under a temporary name, fsynced, then renamed into
 * place, so a crash mid-upload leaves at most a stray temporary file, never a partial blob.
 */
export class FilesystemBlobs implements BlobBackend {
  private readonly tmp: string;

  constructor(private readonly root: string) {
    this.tmp = path.join(root, 'tmp');
    ensurePrivateDir(this.tmp);
  }

  async put(body: AsyncIterable<Buffer>, maxBytes: number): Promise<StoredBlob> {
    const temporary = path.join(this.tmp, randomUUID());
    try {
      const written = await writeHashed(temporary, body, maxBytes);
      const final = this.pathOf(written.sha256);
      await fs.promises.mkdir(path.dirname(final), { recursive: true, mode: 0o700 });
      // Identical bytes may already be there: the rename replaces them with the same bytes.
      await fs.promises.rename(temporary, final);
      await syncDirectory(path.dirname(final));
      return written;
    } catch (error) {
      await fs.promises.rm(temporary, { force: true });
      throw error;
    }
  }

  async size(sha256: string): Promise<number | null> {
    try {
      return (await fs.promises.stat(this.pathOf(sha256))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async read(sha256: string, range?: ByteRange): Promise<Readable> {
    const stream = fs.createReadStream(this.pathOf(sha256), range && { start: range.start, end: range.end });
    await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
    return stream;
  }

  async delete(sha256: string, writtenBefore: number): Promise<boolean> {
    // Moved aside first (atomic), then judged: an upload renaming the same bytes into
    // place meanwhile lands beside it, and a fresh copy moved aside is put back.
    const aside = path.join(this.tmp, `gc-${randomUUID()}`);
    try {
      await fs.promises.rename(this.pathOf(sha256), aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    if ((await fs.promises.stat(aside)).mtimeMs >= writtenBefore) {
      await fs.promises.rename(aside, this.pathOf(sha256));
      return false;
    }
    await fs.promises.rm(aside, { force: true });
    return true;
  }

  async *list(): AsyncIterable<{ sha256: string; writtenAt: number }> {
    const root = path.join(this.root, 'sha256');
    const shards = await fs.promises.readdir(root).catch(() => [] as string[]);
    for (const shard of shards) {
      for (const name of await fs.promises.readdir(path.join(root, shard))) {
        const stat = await fs.promises.stat(path.join(root, shard, name)).catch(() => null);
        if (stat) yield { sha256: name, writtenAt: stat.mtimeMs };
      }
    }
  }

  async putPart(upload: string, part: number, body: AsyncIterable<Buffer>, maxBytes: number): Promise<StoredBlob> {
    const dir = this.partsDir(upload);
    await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
    const temporary = path.join(this.tmp, randomUUID());
    try {
      const written = await writeHashed(temporary, body, maxBytes);
      await fs.promises.rename(temporary, path.join(dir, String(part)));
      return written;
    } catch (error) {
      await fs.promises.rm(temporary, { force: true });
      throw error;
    }
  }

  async parts(upload: string): Promise<{ part: number; size: number }[]> {
    const dir = this.partsDir(upload);
    const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
    const parts = await Promise.all(names.map(async (n) => ({ part: Number(n), size: (await fs.promises.stat(path.join(dir, n))).size })));
    return parts.sort((a, b) => a.part - b.part);
  }

  assemble(upload: string, parts: number[], maxBytes: number): Promise<StoredBlob> {
    const dir = this.partsDir(upload);
    async function* bytes(): AsyncGenerator<Buffer> {
      for (const part of parts) yield* fs.createReadStream(path.join(dir, String(part)));
    }
    return this.put(bytes(), maxBytes);
  }

  async dropParts(upload: string): Promise<void> {
    await fs.promises.rm(this.partsDir(upload), { recursive: true, force: true });
  }

  async sweepTemporary(before: number): Promise<void> {
    for (const name of await fs.promises.readdir(this.tmp)) {
      const file = path.join(this.tmp, name);
      const stat = await fs.promises.stat(file).catch(() => null);
      if (stat && stat.mtimeMs < before) await fs.promises.rm(file, { recursive: true, force: true });
    }
  }

  private partsDir(upload: string): string {
    if (!/^[0-9a-f-]{36}$/.test(upload)) throw new Error(`not an upload id: ${upload}`);
    return path.join(this.tmp, `upload-${upload}`);
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return path.join(this.root, 'sha256', sha256.slice(0, 2), sha256);
  }
}

/** Bytes gathered before one write: few system calls, and memory bounded whatever the file's size. */
const WRITE_BYTES = 1024 * 1024;

/** Writes the stream to `file` as it arrives (awaiting each write: memory stays bounded), hashing it, then fsyncs. */
async function writeHashed(file: string, body: AsyncIterable<Buffer>, maxBytes: number): Promise<StoredBlob> {
  const handle = await fs.promises.open(file, 'wx', 0o600);
  try {
    const { last, ...blob } = await writeInBatches(body, { batchBytes: WRITE_BYTES, maxBytes }, (batch) => handle.writev(batch));
    await handle.writev(last);
    await handle.sync();
    return blob;
  } finally {
    await handle.close();
  }
}

/** A rename is durable once its directory is synced. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
