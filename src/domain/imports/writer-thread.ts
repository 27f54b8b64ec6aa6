import { parentPort, workerData } from 'node:worker_threads';
import { openStoreAt } from '../../store/open.js';
import type { StoreAddress } from '../../store/store.js';
import { runImport } from './pipeline.js';
import { systemClock } from '../clock.js';
import { BodyFailed, errorOf, failureOf, type FromWorker, type ToWorker } from './messages.js';
import type { FileKeeper } from './files.js';

// The import thread (see ImportThread): runs each job it is given with runImport, on
// connections of its own, reading the body from the chunks it is sent.

/** Imports this thread runs at once, each on a connection; more wait for one. */
const CONNECTIONS = 4;

const port = parentPort!;
// Messages sent while the store opens wait in the port until the listener below is added.
const store = await openStoreAt((workerData as { address: StoreAddress }).address, CONNECTIONS);
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
        send({ type: 'read', id: this.id });
        yield chunk;
      } else if (this.failed) throw new BodyFailed();
      else if (this.ended) return;
      else await new Promise<void>((wake) => (this.wake = wake));
    }
  }
}

function send(message: FromWorker): void {
  port.postMessage(message);
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
      port.postMessage({ type: 'keep', id, request, file: { ...file, bytes } } satisfies FromWorker, [bytes.buffer]);
    });

function answered(request: number, outcome: { attachment: string } | { error: Error }): void {
  const waiting = keeping.get(request);
  keeping.delete(request);
  if ('attachment' in outcome) waiting?.resolve(outcome.attachment);
  else waiting?.reject(outcome.error);
}

async function start(id: number, job: Extract<ToWorker, { type: 'start' }>['job']): Promise<void> {
  const body = new Inbox(id);
  bodies.set(id, body);
  try {
    send({ type: 'done', id, result: await runImport(store, systemClock, job, body, keeperFor(id)) });
  } catch (error) {
    send({ type: 'failed', id, failure: failureOf(error) });
  } finally {
    bodies.delete(id);
  }
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'start':
      void start(message.id, message.job);
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
      void store.close().finally(() => process.exit(0));
  }
});
