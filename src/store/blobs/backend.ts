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
  /**
   * Forgets the blob unless it was written at or after `writtenBefore` (ms): an upload
   * of the same bytes that lands while the collector decides is kept. True when it went.
   */
  delete(sha256: string, writtenBefore: number): Promise<boolean>;
  /** Every blob stored, with when it was last written (ms). */
  list(): AsyncIterable<{ sha256: string; writtenAt: number }>;

  /** Stores one numbered part of a multipart upload; a part sent again replaces the first. */
  putPart(upload: string, part: number, body: AsyncIterable<Buffer>, maxBytes: number): Promise<StoredBlob>;
  /** The parts of an upload received so far, by number. */
  parts(upload: string): Promise<{ part: number; size: number }[]>;
  /** Stores the parts, in this order, as one blob (refused past `maxBytes`); the parts stay until dropped. */
  assemble(upload: string, parts: number[], maxBytes: number): Promise<StoredBlob>;
  /** Forgets an upload's parts. */
  dropParts(upload: string): Promise<void>;
  /** Forgets the parts of uploads, and bytes still arriving, untouched since `before` (ms): what a crash left. */
  sweepTemporary(before: number): Promise<void>;
}

/** A body past the size allowed; nothing of it was kept. */
export class BlobTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`larger than ${maxBytes} bytes`);
  }
}
