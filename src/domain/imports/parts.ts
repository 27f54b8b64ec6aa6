import type { ImportFormat } from '../../model/imports.js';
import { badRequest } from '../errors.js';

/** One file of an import of several, in the order they follow one another in the body. */
export interface ImportPart {
  format: ImportFormat;
  /** The split of its rows that name none. */
  split?: string;
  /** Its length in bytes. */
  bytes: number;
  /** The file is a table (a Hub push of other columns than datapoint fields): each row whole is a datapoint's `input`. */
  as_input?: boolean;
}

/**
 * A body that is several files one after another, read file by file: each file yields
 * exactly its bytes, and a file its reader left unfinished is skipped over before the
 * next is read. Read the files in order, each once.
 */
export class BodyParts {
  private readonly chunks: AsyncIterator<Buffer>;
  private held: Buffer | null = null;
  /** Bytes of the file before that its reader did not take. */
  private owed = 0;

  constructor(body: AsyncIterable<Buffer>) {
    this.chunks = body[Symbol.asyncIterator]();
  }

  async *next(bytes: number): AsyncIterable<Buffer> {
    await this.skip();
    let left = bytes;
    try {
      while (left > 0) {
        const chunk = await this.take(left);
        left -= chunk.length;
        yield chunk;
      }
    } finally {
      this.owed = left;
    }
  }

  private async skip(): Promise<void> {
    while (this.owed > 0) this.owed -= (await this.take(this.owed)).length;
  }

  /** The next bytes of the body, at most `most` of them. */
  private async take(most: number): Promise<Buffer> {
    let chunk = this.held;
    this.held = null;
    if (!chunk) {
      const next = await this.chunks.next();
      if (next.done) throw badRequest('the body ended before the last of its files did');
      chunk = next.value;
    }
    if (chunk.length > most) {
      this.held = chunk.subarray(most);
      chunk = chunk.subarray(0, most);
    }
    return chunk;
  }
}
