import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

// The checkpointer's thread (see checkpointer.ts): copies the write-ahead log back into
// the database file every `everyMs`, and when asked.

const { file, everyMs } = workerData as { file: string; everyMs: number };
const port = parentPort!;
const db = new BetterSqlite3(file);

function checkpoint(): void {
  try {
    // Passive: never waits for readers or the writer.
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or closing: the next one tries again.
  }
}

const timer = setInterval(checkpoint, everyMs);
port.on('message', (message: 'checkpoint' | 'stop') => {
  if (message === 'checkpoint') {
    checkpoint();
    port.postMessage('checkpointed');
    return;
  }
  clearInterval(timer);
  db.close();
  port.postMessage('closed');
});
