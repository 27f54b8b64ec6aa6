import { createHash } from 'node:crypto';
import { parentPort, type MessagePort } from 'node:worker_threads';

// The hashing thread (see hash-thread.ts): one SHA-256 per port it is handed. A batch
// arrives as a length of the port's shared buffer (and the buffer itself when the sender
// replaced it); it is acknowledged once hashed, so the sender never overwrites bytes
// still being read. `null` asks for the digest and ends the port.

export type HashMessage = { length: number; buffer?: SharedArrayBuffer } | null;

parentPort!.on('message', (port: MessagePort) => {
  const hash = createHash('sha256');
  let shared = new Uint8Array(new SharedArrayBuffer(0));
  port.on('message', (message: HashMessage) => {
    if (message === null) {
      port.postMessage(hash.digest('hex'));
      port.close();
      return;
    }
    if (message.buffer) shared = new Uint8Array(message.buffer);
    hash.update(shared.subarray(0, message.length));
    port.postMessage(true);
  });
});
