import { Transform } from 'node:stream';
import { Decompress } from 'fzstd';
import type { Inflation } from './inflation.js';

/**
 * zstd as a Node transform (Node 20's zlib has none; fzstd decodes it in JavaScript,
 * streaming). fzstd makes every block of a chunk at once, however many, so each block
 * is counted by `inflation` as it is made, and one past the body's bounds stops the
 * chunk there: a few bytes of repeated blocks never become gigabytes in memory.
 */
export function zstdDecoder(inflation: Inflation): Transform {
  let taken = 0;
  inflation.taken = () => taken;
  const transform: Transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      taken += chunk.length;
      try {
        decoder.push(chunk);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        decoder.push(new Uint8Array(0), true);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
  const decoder = new Decompress((block) => {
    const refused = inflation.add(block.length);
    if (refused) throw refused;
    transform.push(Buffer.from(block));
  });
  return transform;
}
