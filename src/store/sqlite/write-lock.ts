import type { MessagePort } from 'node:worker_threads';
import type { Mutex, WriteLock } from './driver.js';

/** What a thread writing to the store's file asks of the thread that owns the lock, and is answered. */
type Request = { type: 'lock'; id: number } | { type: 'unlock'; id: number };
type Answer = { type: 'granted'; id: number };

/**
 * Lends this thread's write lock to another thread over `port`: SQLite takes one writer
 * at a time, and waiting for the file's own lock (busy_timeout) would block a thread's
 * event loop. A thread that goes away holding it lets it go.
 */
export function lendWriteLock(mutex: Mutex, port: MessagePort): void {
  const held = new Map<number, () => void>();
  let closed = false;
  port.on('message', (request: Request) => {
    if (request.type === 'unlock') {
      held.get(request.id)?.();
      held.delete(request.id);
      return;
    }
    void mutex.lock().then((release) => {
      if (closed) return release();
      held.set(request.id, release);
      port.postMessage({ type: 'granted', id: request.id } satisfies Answer);
    });
  });
  port.on('close', () => {
    closed = true;
    for (const release of held.values()) release();
    held.clear();
  });
  // Lending never keeps this process alive.
  port.unref();
}

/** The write lock as another thread borrows it (see lendWriteLock). */
export class BorrowedWriteLock implements WriteLock {
  private readonly waiting = new Map<number, () => void>();
  private nextId = 0;

  constructor(private readonly port: MessagePort) {
    port.on('message', (answer: Answer) => {
      this.waiting.get(answer.id)?.();
      this.waiting.delete(answer.id);
    });
  }

  async lock(): Promise<() => void> {
    const id = ++this.nextId;
    await new Promise<void>((granted) => {
      this.waiting.set(id, granted);
      this.port.postMessage({ type: 'lock', id } satisfies Request);
    });
    return () => this.port.postMessage({ type: 'unlock', id } satisfies Request);
  }
}
