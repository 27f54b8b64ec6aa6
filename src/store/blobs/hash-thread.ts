import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { sibling, startWorker } from '../threads.js';
import type { HashMessage } from './hash-worker.js';

/**
 * SHA-256 on a thread of its own, for bodies larger than one batch. A blob upload's one
 * thread reads the socket, writes to disk and hashes; hashing is a third of its work
 * (1.7 GB/s with SHA extensions), so moving it off lets the upload run at the speed of
 * the rest (see bench/README.md, "Attachments"). One thread serves every upload of the
 * process, each on a port of its own; the copy handed over (into a buffer shared with the thread) costs a tenth of hashing it.
 */
let thread: Worker | undefined;

function hashingThread(): Worker {
  if (thread) return thread;
  const started = startWorker(sibling(import.meta.url, 'hash-worker'));
  started.unref();
  // A thread that died is replaced on the next upload; the ports it held close, failing theirs.
  started.once('exit', () => {
    if (thread === started) thread = undefined;
  });
  thread = started;
  return started;
}

export class ThreadHash {
  private readonly port: MessagePort;
  private inFlight: Promise<unknown> = Promise.resolve();
  private shared = new Uint8Array(new SharedArrayBuffer(0));

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    hashingThread().postMessage(port2, [port2]);
  }

  /**
   * Hands `chunks` over once the previous batch is hashed (one batch in flight, never
   * more), copied into a buffer shared with the thread and reused batch after batch, so
   * an upload's memory does not grow with its size.
   */
  async update(chunks: Buffer[]): Promise<void> {
    await this.inFlight;
    const length = chunks.reduce((n, c) => n + c.length, 0);
    const replaced = length > this.shared.byteLength;
    if (replaced) this.shared = new Uint8Array(new SharedArrayBuffer(length));
    let at = 0;
    for (const chunk of chunks) {
      this.shared.set(chunk, at);
      at += chunk.length;
    }
    this.inFlight = this.reply();
    // Awaited before the next batch or by digest(); until then a failure is not unhandled.
    this.inFlight.catch(() => undefined);
    this.port.postMessage({ length, buffer: replaced ? this.shared.buffer : undefined } satisfies HashMessage);
  }

  async digest(): Promise<string> {
    await this.inFlight;
    const digest = this.reply();
    this.port.postMessage(null satisfies HashMessage);
    return (await digest) as string;
  }

  /** Lets the thread forget this hash (an upload refused or failed). */
  abandon(): void {
    this.port.close();
  }

  private reply(): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const closed = () => reject(new Error('the hashing thread stopped'));
      this.port.once('close', closed);
      this.port.once('message', (message) => {
        this.port.off('close', closed);
        resolve(message);
      });
    });
  }
}
