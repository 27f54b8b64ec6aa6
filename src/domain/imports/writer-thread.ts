import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { openStoreAt } from '../../store/open.js';
import type { StoreAddress } from '../../store/store.js';
import { writeImport } from './pipeline.js';
import { systemClock } from '../clock.js';
import { errorOf, failureOf, type FromWriter, type ReaderToWriter, type ToWriter, type WriterToReader } from './messages.js';
import type { ReadBatch } from './reading.js';

// The writing thread (see ImportThread): writes each job it is given with writeImport, on
// connections of its own, from the batches its reading thread sends on the job's port.

/** Imports this thread writes at once, each on a connection; more wait for one. */
const CONNECTIONS = 4;

const port = parentPort!;
// Messages sent while the store opens wait in the port until the listener below is added.
const store = await openStoreAt((workerData as { address: StoreAddress }).address, CONNECTIONS);

/** The batches arriving on a job's port, in order; each taken is acknowledged, so the reader stays a few batches ahead at most. */
async function* batchesFrom(reader: MessagePort): AsyncGenerator<ReadBatch> {
  const arrived: ReaderToWriter[] = [];
  let wake: () => void = () => {};
  reader.on('message', (message: ReaderToWriter) => {
    arrived.push(message);
    wake();
  });
  for (;;) {
    const message = arrived.shift();
    if (!message) await new Promise<void>((resolve) => (wake = resolve));
    else if (message.type === 'end') return;
    else if (message.type === 'failed') throw errorOf(message.failure);
    else {
      reader.postMessage({ type: 'taken' } satisfies WriterToReader);
      yield message.batch;
    }
  }
}

async function start(id: number, job: Extract<ToWriter, { type: 'start' }>['job'], reader: MessagePort): Promise<void> {
  try {
    port.postMessage({ type: 'done', id, result: await writeImport(store, systemClock, job, batchesFrom(reader)) } satisfies FromWriter);
  } catch (error) {
    port.postMessage({ type: 'failed', id, failure: failureOf(error) } satisfies FromWriter);
  } finally {
    // Tells the reader, if it still reads, that nothing more is wanted.
    reader.close();
  }
}

port.on('message', (message: ToWriter) => {
  if (message.type === 'start') return void start(message.id, message.job, message.reader);
  void store.close().finally(() => process.exit(0));
});
