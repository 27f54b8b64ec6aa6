import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ensurePrivateDir } from '../private-dir.js';
import { BlobTooLarge, type BlobBackend, type ByteRange, type StoredBlob } from './backend.js';

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

  async delete(sha256: string): Promise<void> {
    await fs.promises.rm(this.pathOf(sha256), { force: true });
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
  const hash = createHash('sha256');
  let size = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const handle = await fs.promises.open(file, 'wx', 0o600);
  const flush = async () => {
    await handle.write(Buffer.concat(pending, pendingBytes));
    pending = [];
    pendingBytes = 0;
  };
  try {
    for await (const chunk of body) {
      size += chunk.length;
      if (size > maxBytes) throw new BlobTooLarge(maxBytes);
      hash.update(chunk);
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= WRITE_BYTES) await flush();
    }
    await flush();
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { sha256: hash.digest('hex'), size };
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
