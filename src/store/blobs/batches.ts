import { createHash } from 'node:crypto';
import { BlobTooLarge, type StoredBlob } from './backend.js';

/**
 * Reads a body in batches of at least `batchBytes`, each handed to `write` as the chunks
 * that arrived (not copied into one buffer: a backend that can write them as they are
 * saves a copy of every byte): memory stays
 * bounded whatever the body's size (one batch is written while the next is read, never
 * more), and every backend writes in large pieces, one at a time and in order. The body is
 * hashed and counted as it goes and refused (BlobTooLarge) past `maxBytes`. Resolves with
 * the blob's hash and size and the last, shorter batch (perhaps no chunks), which the caller
 * writes as its backend needs. It never returns or throws with a write still running, so
 * the caller may clean up at once.
 */
export async function writeInBatches(
  body: AsyncIterable<Buffer>,
  { batchBytes, maxBytes }: { batchBytes: number; maxBytes: number },
  write: (batch: Buffer[]) => Promise<unknown>,
): Promise<StoredBlob & { last: Buffer[] }> {
  const hash = createHash('sha256');
  let size = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let writing: Promise<unknown> = Promise.resolve();
  try {
    for await (const chunk of body) {
      size += chunk.length;
      if (size > maxBytes) throw new BlobTooLarge(maxBytes);
      hash.update(chunk);
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= batchBytes) {
        await writing;
        writing = write(pending);
        // Awaited before the next batch or at the end; until then a failure is not unhandled.
        writing.catch(() => undefined);
        pending = [];
        pendingBytes = 0;
      }
    }
    await writing;
  } catch (error) {
    await writing.catch(() => undefined);
    throw error;
  }
  return { sha256: hash.digest('hex'), size, last: pending };
}
