import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';

/** Log lines held for a slow reader of stdout before newer ones are dropped. */
const BUFFERED_BYTES_MAX = 16 * 1024 * 1024;

/**
 * Where the server's log lines go: stdout, written so that the process never waits on
 * whoever reads it. To a pipe, lines are written as the reader takes them, up to
 * BUFFERED_BYTES_MAX held in memory (later lines are dropped while it is full); once the
 * reader is gone (EPIPE) lines are dropped; a file, /dev/null or a terminal is written
 * as it comes. pino's own destination instead retries a full pipe in a loop that holds
 * the thread, and its last flush at exit never ends while the pipe stays full.
 */
export class LogStream {
  private gone = false;

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {
    out.on('error', () => {
      this.gone = true;
    });
  }

  write(line: string): void {
    if (this.gone || this.out.destroyed || this.out.writableLength > BUFFERED_BYTES_MAX) return;
    try {
      this.out.write(line);
    } catch {
      // A file that cannot take more (a full disk) loses the line, not the request.
      this.gone = true;
    }
  }

  /** Resolves once the lines written so far have gone out, or after `ms`, whichever is first. */
  async flushed(ms: number): Promise<void> {
    if (this.gone || this.out.writableLength === 0) return;
    const waiting = new AbortController();
    await Promise.race([once(this.out, 'drain', { signal: waiting.signal }), delay(ms, undefined, { signal: waiting.signal })]).catch(
      () => {},
    );
    waiting.abort();
  }
}
