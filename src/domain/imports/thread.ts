import type { Worker } from 'node:worker_threads';
import type { StoreShare } from '../../store/store.js';
import { sibling, startWorker } from '../../store/threads.js';
import type { ImportResult } from '../../model/imports.js';
import type { ImportJob } from './pipeline.js';
import { BodyFailed, errorOf, failureOf, type FromWorker, type ToWorker } from './messages.js';
import type { ImportedFile } from './files.js';

/** Keeps a file of an import as an attachment of the project; answers its id. */
export type ProjectFileKeeper = (projectId: string | null, file: ImportedFile) => Promise<string>;

/** Body chunks sent ahead of the ones the import has read: enough to keep it busy, bounded so memory stays flat. */
const WINDOW = 8;

interface Running {
  resolve: (result: ImportResult) => void;
  reject: (error: unknown) => void;
  /** Chunks sent and not yet read. */
  ahead: number;
  /** Wakes the body's pump when the import reads a chunk or ends. */
  wake: () => void;
  settled: boolean;
  /** The project the import's files are kept for (null: the instance admin's key, which holds none). */
  projectId: string | null;
}

/**
 * Runs imports on one worker thread (started with the first import), each in a
 * transaction on the worker's own connections. The body stays on this thread, which
 * only passes its chunks on; the rows are parsed, checked, encoded and written there.
 */
export class ImportThread {
  private worker: Worker | null = null;
  private readonly running = new Map<number, Running>();
  private nextId = 0;

  /** `share` gives the address of the store for a new thread (see Store.share); `keep` stores the files rows hold. */
  constructor(
    private readonly share: () => StoreShare,
    private readonly keep: ProjectFileKeeper,
  ) {}

  async run(job: ImportJob, body: AsyncIterable<Buffer>): Promise<ImportResult> {
    const worker = this.started();
    const id = ++this.nextId;
    const outcome = new Promise<ImportResult>((resolve, reject) => {
      this.running.set(id, { resolve, reject, ahead: 0, wake: () => {}, settled: false, projectId: job.stamp.project_id });
    });
    this.send({ type: 'start', id, job });
    const pumped = this.pump(worker, id, body);
    try {
      return await outcome;
    } catch (error) {
      // The import stopped because the body did: the body's own error says why (too large, aborted, bad encoding).
      if (error instanceof BodyFailed) {
        const bodyError = await pumped;
        throw bodyError instanceof Error ? bodyError : error;
      }
      // Else the pump stops (and lets go of the body) at its next chunk.
      throw error;
    }
  }

  /** Passes the body on, at most WINDOW chunks ahead of the import; returns the body's error, if it failed. */
  private async pump(worker: Worker, id: number, body: AsyncIterable<Buffer>): Promise<unknown> {
    const job = this.running.get(id)!;
    try {
      for await (const chunk of body) {
        while (job.ahead >= WINDOW && !job.settled) await new Promise<void>((wake) => (job.wake = wake));
        if (job.settled) return null;
        // A copy the worker can own: a request's chunks may share one pooled buffer.
        const bytes = new Uint8Array(chunk);
        job.ahead++;
        worker.postMessage({ type: 'chunk', id, bytes } satisfies ToWorker, [bytes.buffer]);
      }
      if (!job.settled) this.send({ type: 'end', id });
      return null;
    } catch (error) {
      if (!job.settled) this.send({ type: 'fail', id });
      return error;
    }
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const { address, transfer } = this.share();
    const worker = startWorker(sibling(import.meta.url, 'worker'), {
      workerData: { address },
      transferList: transfer,
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    });
    // Never what keeps the process alive: an idle import thread waits for work, not for exit.
    worker.unref();
    worker.on('message', (message: FromWorker) => this.received(message));
    worker.on('error', (error) => this.stopped(error));
    worker.on('exit', (code) => this.stopped(new Error(`the import thread exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private received(message: FromWorker): void {
    const job = this.running.get(message.id);
    if (!job) return;
    if (message.type === 'read') {
      job.ahead--;
      job.wake();
      return;
    }
    if (message.type === 'keep') return void this.kept(message.id, message.request, job.projectId, message.file);
    this.settle(message.id, job);
    if (message.type === 'done') job.resolve(message.result);
    else job.reject(errorOf(message.failure));
  }

  /** Keeps a file the import read, and tells the import thread the attachment it became (or why not). */
  private async kept(id: number, request: number, projectId: string | null, file: ImportedFile): Promise<void> {
    try {
      this.send({ type: 'kept', id, request, attachment: await this.keep(projectId, file) });
    } catch (error) {
      this.send({ type: 'notKept', id, request, failure: failureOf(error) });
    }
  }

  private settle(id: number, job: Running): void {
    job.settled = true;
    job.wake();
    this.running.delete(id);
  }

  /** The worker died (out of memory, a bug): every import on it fails, and the next import starts another. */
  private stopped(error: Error): void {
    this.worker = null;
    for (const [id, job] of this.running) {
      this.settle(id, job);
      job.reject(error);
    }
  }

  private send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  /** Closes the worker's connections and ends it; call once no import runs. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    this.send({ type: 'close' });
    await exited;
  }
}
