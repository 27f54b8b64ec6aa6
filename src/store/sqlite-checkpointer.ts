import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the write-ahead log back into the database file from a worker thread, every
 * second and when asked. SQLite would otherwise do it inside the commit that grows the
 * log past 1,000 pages, on the event loop: after a large import, seconds during which
 * nothing else is answered. A passive checkpoint never waits for readers or the writer.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or closing: the next one tries again.
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message === 'checkpoint') {
    checkpoint();
    parentPort.postMessage('checkpointed');
    return;
  }
  clearInterval(timer);
  db.close();
  parentPort.postMessage('closed');
});
`;

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
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(SOURCE, { eval: true, workerData: { file, driver, everyMs } });
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
