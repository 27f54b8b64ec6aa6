import { parentPort, type MessagePort } from 'node:worker_threads';
import { readBatches } from './reading.js';
import { BodyFailed, errorOf, failureOf, type FromReader, type ReaderToWriter, type ToReader, type WriterToReader } from './messages.js';
import type { FileKeeper } from './files.js';

// The reading thread (see ImportThread): parses each job's body from the chunks it is
// sent, checks and drafts its rows (readBatches), and sends the batches to the writing
// thread on the job's port, while that thread writes the ones before.

/** Batches sent and not yet taken by the writer: enough to keep it busy, bounded so memory stays flat. */
const AHEAD = 2;

const port = parentPort!;
const bodies = new Map<number, Inbox>();

/** A body arriving as messages, read as an async iterable; each chunk taken is acknowledged. */
class Inbox implements AsyncIterable<Buffer> {
  private readonly chunks: Buffer[] = [];
  private ended = false;
  private failed = false;
  private wake: () => void = () => {};

  constructor(private readonly id: number) {}

  push(bytes: Uint8Array): void {
    this.chunks.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.wake();
  }

  end(failed: boolean): void {
    this.ended = true;
    this.failed = failed;
    this.wake();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk) {
        port.postMessage({ type: 'read', id: this.id } satisfies FromReader);
        yield chunk;
      } else if (this.failed) throw new BodyFailed();
      else if (this.ended) return;
      else await new Promise<void>((wake) => (this.wake = wake));
    }
  }
}

/** Files sent to be kept, by request, until the main thread answers with the attachment each became. */
const keeping = new Map<number, { resolve: (id: string) => void; reject: (error: Error) => void }>();
let lastRequest = 0;

/** Keeps a job's files through the main thread, which holds the blob store. */
const keeperFor =
  (id: number): FileKeeper =>
  (file) =>
    new Promise((resolve, reject) => {
      const request = ++lastRequest;
      keeping.set(request, { resolve, reject });
      // A copy of its own to hand over: the cell's bytes share a buffer with the rest of its page.
      const bytes = new Uint8Array(file.bytes);
      port.postMessage({ type: 'keep', id, request, file: { ...file, bytes } } satisfies FromReader, [bytes.buffer]);
    });

function answered(request: number, outcome: { attachment: string } | { error: Error }): void {
  const waiting = keeping.get(request);
  keeping.delete(request);
  if ('attachment' in outcome) waiting?.resolve(outcome.attachment);
  else waiting?.reject(outcome.error);
}

/** The job's port to its writer: batches go out at most AHEAD untaken; a closed port (the writer is done) stops the reading. */
class WriterPort {
  private untaken = 0;
  private closed = false;
  private wake: () => void = () => {};

  constructor(private readonly writer: MessagePort) {
    writer.on('message', (_taken: WriterToReader) => {
      this.untaken--;
      this.wake();
    });
    writer.once('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  /** False once the writer wants no more. */
  async send(message: ReaderToWriter): Promise<boolean> {
    while (this.untaken >= AHEAD && !this.closed) await new Promise<void>((wake) => (this.wake = wake));
    if (this.closed) return false;
    if (message.type === 'batch') this.untaken++;
    this.writer.postMessage(message);
    return true;
  }
}

async function start(message: Extract<ToReader, { type: 'start' }>): Promise<void> {
  const { id, job, batchRows } = message;
  const body = new Inbox(id);
  bodies.set(id, body);
  const writer = new WriterPort(message.writer);
  try {
    for await (const batch of readBatches(job, body, keeperFor(id), batchRows)) {
      if (!(await writer.send({ type: 'batch', batch }))) return;
    }
    await writer.send({ type: 'end' });
  } catch (error) {
    await writer.send({ type: 'failed', failure: failureOf(error) });
  } finally {
    // The port stays open: the writer closes it once done, after the last message arrived.
    bodies.delete(id);
  }
}

port.on('message', (message: ToReader) => {
  switch (message.type) {
    case 'start':
      void start(message);
      return;
    case 'chunk':
      bodies.get(message.id)?.push(message.bytes);
      return;
    case 'end':
    case 'fail':
      bodies.get(message.id)?.end(message.type === 'fail');
      return;
    case 'kept':
      answered(message.request, { attachment: message.attachment });
      return;
    case 'notKept':
      answered(message.request, { error: errorOf(message.failure) });
      return;
    case 'close':
      process.exit(0);
  }
});
