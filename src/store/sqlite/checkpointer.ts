import fs from 'node:fs';
import { sibling, startWorker } from '../threads.js';

/**
 * Copies the write-ahead log back into the database file from a worker thread, every
 * second and when asked. SQLite would otherwise do it inside the commit that grows the
 * log past 1,000 pages, on the event loop: after a large import, seconds during which
 * nothing else is answered. A passive checkpoint never waits for readers or the writer.
 */
export interface Checkpointer {
  /**
   * Resolves once the log holds no more than `maxBytes` not yet copied back. Reads look
   * every page up in the log's index, so a long log (a large import just committed)
   * slows the next transaction's every read; it waits for the copy instead, off the
   * event loop.
   */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, maxBytes: number, everyMs = 1000): Checkpointer {
  const worker = startWorker(sibling(import.meta.url, 'checkpoint-worker'), { workerData: { file, everyMs } });
  worker.unref();
  const log = `${file}-wal`;
  let pending: Promise<void> | null = null;
  const reply = (expected: string) =>
    new Promise<void>((resolve) => {
      const listen = (message: unknown) => {
        if (message !== expected) return;
        worker.off('message', listen);
        resolve();
      };
      worker.on('message', listen);
    });
  return {
    settle: async () => {
      if (!fs.existsSync(log) || fs.statSync(log).size <= maxBytes) return;
      // One checkpoint at a time; transactions arriving meanwhile wait for the same one.
      pending ??= (() => {
        const done = reply('checkpointed');
        worker.postMessage('checkpoint');
        return done.finally(() => (pending = null));
      })();
      await pending;
    },
    stop: async () => {
      const closed = reply('closed');
      worker.postMessage('stop');
      await Promise.race([closed, new Promise((resolve) => worker.once('exit', resolve))]);
      await worker.terminate();
    },
  };
}
