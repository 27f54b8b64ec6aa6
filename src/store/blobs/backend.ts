import type { Readable } from 'node:stream';

/** Bytes `start` to `end` of a blob, both included (as HTTP ranges count them). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StoredBlob {
  sha256: string;
  size: number;
}

/**
 * Where attachment bytes live, each blob once under the hex SHA-256 of its bytes,
 * whichever projects uploaded it: which project may see it is the database's business.
 * A blob becomes visible only whole (written aside, then moved into place).
 */
export interface BlobBackend {
  /** Stores the bytes as they stream, refusing (BlobTooLarge) past `maxBytes` with nothing kept. */
  put(body: AsyncIterable<Buffer>, maxBytes: number): Promise<StoredBlob>;
  /** The blob's size, or null when it is not stored. */
  size(sha256: string): Promise<number | null>;
  /** The blob's bytes, or only those of `range`. */
  read(sha256: string, range?: ByteRange): Promise<Readable>;
  /** Forgets the blob (nothing happens when it is not stored). */
  delete(sha256: string): Promise<void>;
}

/** A body past the size allowed; nothing of it was kept. */
export class BlobTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`larger than ${maxBytes} bytes`);
  }
}
