import { MessageChannel, type Worker } from 'node:worker_threads';
import type { StoreShare } from '../../store/store.js';
import { sibling, startWorker } from '../../store/threads.js';
import type { ImportResult } from '../../model/imports.js';
import type { ImportJob } from './pipeline.js';
import { BodyFailed, errorOf, failureOf, type FromReader, type FromWriter, type ToReader, type ToWriter } from './messages.js';
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
 * Runs imports on two threads (started with the first import): one reads (parses, checks
 * and drafts the rows, readBatches), the other writes (on connections of its own to the
 * store, writeImport), each batch written while the next is read: on two cores an import
 * takes the longer of the two, not their sum. The body stays on this thread, which only
 * passes its chunks on, and stores the files rows hold.
 */
export class ImportThread {
  private threads: { reader: Worker; writer: Worker } | null = null;
  private readonly running = new Map<number, Running>();
  private nextId = 0;

  /** `share` gives the address of the store for a new thread (see Store.share); `keep` stores the files rows hold. */
  constructor(
    private readonly share: () => StoreShare,
    private readonly keep: ProjectFileKeeper,
    /** Rows per batch: the store's bulk size, each batch one short transaction. */
    private readonly batchRows: number,
  ) {}

  async run(job: ImportJob, body: AsyncIterable<Buffer>): Promise<ImportResult> {
    const { reader, writer } = this.started();
    const id = ++this.nextId;
    const outcome = new Promise<ImportResult>((resolve, reject) => {
      this.running.set(id, { resolve, reject, ahead: 0, wake: () => {}, settled: false, projectId: job.stamp.project_id });
    });
    const { port1, port2 } = new MessageChannel();
    writer.postMessage({ type: 'start', id, job, reader: port1 } satisfies ToWriter, [port1]);
    reader.postMessage({ type: 'start', id, job, batchRows: this.batchRows, writer: port2 } satisfies ToReader, [port2]);
    const pumped = this.pump(reader, id, body);
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
  private async pump(reader: Worker, id: number, body: AsyncIterable<Buffer>): Promise<unknown> {
    const job = this.running.get(id)!;
    try {
      for await (const chunk of body) {
        while (job.ahead >= WINDOW && !job.settled) await new Promise<void>((wake) => (job.wake = wake));
        if (job.settled) return null;
        // A copy the thread can own: a request's chunks may share one pooled buffer.
        const bytes = new Uint8Array(chunk);
        job.ahead++;
        reader.postMessage({ type: 'chunk', id, bytes } satisfies ToReader, [bytes.buffer]);
      }
      if (!job.settled) this.tell({ type: 'end', id });
      return null;
    } catch (error) {
      if (!job.settled) this.tell({ type: 'fail', id });
      return error;
    }
  }

  private started(): { reader: Worker; writer: Worker } {
    if (this.threads) return this.threads;
    const { address, transfer } = this.share();
    const options = { resourceLimits: { maxOldGenerationSizeMb: 1024 } };
    const reader = startWorker(sibling(import.meta.url, 'reader-thread'), options);
    const writer = startWorker(sibling(import.meta.url, 'writer-thread'), { ...options, workerData: { address }, transferList: transfer });
    for (const worker of [reader, writer]) {
      // Never what keeps the process alive: an idle import thread waits for work, not for exit.
      worker.unref();
      worker.on('error', (error) => this.stopped(error));
      worker.on('exit', (code) => this.stopped(new Error(`an import thread exited (${code})`)));
    }
    reader.on('message', (message: FromReader) => this.fromReader(message));
    writer.on('message', (message: FromWriter) => this.fromWriter(message));
    this.threads = { reader, writer };
    return this.threads;
  }

  private fromReader(message: FromReader): void {
    const job = this.running.get(message.id);
    if (!job) return;
    if (message.type === 'keep') return void this.kept(message.id, message.request, job.projectId, message.file);
    job.ahead--;
    job.wake();
  }

  private fromWriter(message: FromWriter): void {
    const job = this.running.get(message.id);
    if (!job) return;
    this.settle(message.id, job);
    if (message.type === 'done') job.resolve(message.result);
    else job.reject(errorOf(message.failure));
  }

  /** Keeps a file the import read, and tells the reading thread the attachment it became (or why not). */
  private async kept(id: number, request: number, projectId: string | null, file: ImportedFile): Promise<void> {
    try {
      this.tell({ type: 'kept', id, request, attachment: await this.keep(projectId, file) });
    } catch (error) {
      this.tell({ type: 'notKept', id, request, failure: failureOf(error) });
    }
  }

  /** The job is over: its pump stops, and a reader still waiting for its body stops too. */
  private settle(id: number, job: Running): void {
    job.settled = true;
    job.wake();
    this.running.delete(id);
    this.tell({ type: 'fail', id });
  }

  /** A thread died (out of memory, a bug): every import on them fails, and the next import starts others. */
  private stopped(error: Error): void {
    const threads = this.threads;
    this.threads = null;
    for (const [id, job] of this.running) {
      this.settle(id, job);
      job.reject(error);
    }
    void threads?.reader.terminate();
    void threads?.writer.terminate();
  }

  private tell(message: ToReader): void {
    this.threads?.reader.postMessage(message);
  }

  /** Closes the writer's connections and ends both threads; call once no import runs. */
  async close(): Promise<void> {
    const threads = this.threads;
    if (!threads) return;
    this.threads = null;
    const exited = (worker: Worker) => new Promise((resolve) => worker.once('exit', resolve));
    const both = Promise.all([exited(threads.reader), exited(threads.writer)]);
    threads.reader.postMessage({ type: 'close' } satisfies ToReader);
    threads.writer.postMessage({ type: 'close' } satisfies ToWriter);
    await both;
  }
}
