import { pipeline, Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../model/limits.js';

/** zstd as a Node transform (Node 20's zlib has none; fzstd decodes it in JavaScript, streaming). */
function zstdDecompress(): Transform {
  const transform: Transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
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
  const decoder = new ZstdDecompress((chunk) => transform.push(Buffer.from(chunk)));
  return transform;
}

const DECODERS: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
  zstd: zstdDecompress,
};

/** Counts bytes after decompression, so a small compressed body cannot expand past the limit. */
function bounded(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) return done(new DomainError('payload_too_large', `a body may be at most ${limit} bytes once decompressed`));
      done(null, chunk);
    },
  });
}

/**
 * Bodies sent with `Content-Encoding: gzip, deflate, br or zstd` are decompressed as
 * they stream in, before any parser sees them; another encoding is 415.
 */
export function registerDecompression(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    if (!encoding || encoding === 'identity') return payload;
    const decoder = DECODERS[encoding];
    if (!decoder)
      throw new DomainError('unsupported_media_type', `Content-Encoding ${encoding} is not supported (gzip, deflate, br, zstd are)`);
    const decoding = decoder();
    const out = bounded(LIMITS.importBodyBytes);
    // Registered before pipeline's own listeners, so the reader sees this error, not zlib's.
    decoding.on('error', (error) =>
      out.destroy(new DomainError('bad_request', `the ${encoding} body does not decompress: ${error.message}`)),
    );
    // pipeline listens for errors on every stage: one no reader is waiting for is not left uncaught.
    pipeline(payload as Readable, decoding, out, () => {});
    // Fastify measures the body limit on what arrived, not on what it became.
    (out as Readable & { receivedEncodedLength?: number }).receivedEncodedLength = 0;
    delete request.headers['content-length'];
    return out;
  });
}
