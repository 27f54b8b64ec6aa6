import { createHash } from 'node:crypto';
import { BlobTooLarge, type StoredBlob } from './backend.js';

/**
 * Reads a body in batches of at least `batchBytes`, each handed to `write` (and awaited)
 * before more is read: memory stays bounded whatever the body's size, and every backend
 * writes in large pieces. The body is hashed and counted as it goes and refused
 * (BlobTooLarge) past `maxBytes`. Resolves with the blob's hash and size and the last,
 * shorter batch (perhaps empty), which the caller writes as its backend needs.
 */
export async function writeInBatches(
  body: AsyncIterable<Buffer>,
  { batchBytes, maxBytes }: { batchBytes: number; maxBytes: number },
  write: (batch: Buffer) => Promise<unknown>,
): Promise<StoredBlob & { last: Buffer }> {
  const hash = createHash('sha256');
  let size = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) throw new BlobTooLarge(maxBytes);
    hash.update(chunk);
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= batchBytes) {
      await write(Buffer.concat(pending, pendingBytes));
      pending = [];
      pendingBytes = 0;
    }
  }
  return { sha256: hash.digest('hex'), size, last: Buffer.concat(pending, pendingBytes) };
}
