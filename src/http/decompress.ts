import { PassThrough, pipeline, Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { Counter, Gauge } from 'prom-client';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../model/limits.js';
import { MEDIA_TYPES } from '../formats/media-types.js';
import { Inflation } from './inflation.js';
import { zstdDecoder } from './zstd-decoder.js';

/** The stages that turn a compressed body into its bytes, each of those bytes counted by `inflation` as it is made. */
type Decoder = (inflation: Inflation) => Transform[];

/** zlib's decoders take input only as their output is read: what they have taken is counted by zlib itself. */
const zlibDecoder =
  (make: () => zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress): Decoder =>
  (inflation) => {
    const decoder = make();
    inflation.taken = () => decoder.bytesWritten;
    return [decoder, counted(inflation)];
  };

const DECODERS: Record<string, Decoder> = {
  gzip: zlibDecoder(() => zlib.createGunzip()),
  'x-gzip': zlibDecoder(() => zlib.createGunzip()),
  deflate: zlibDecoder(() => zlib.createInflate()),
  br: zlibDecoder(() => zlib.createBrotliDecompress()),
  zstd: (inflation) => [zstdDecoder(inflation)],
};

/** Passes decompressed bytes on, counted; stops at the first one past the body's bounds. */
function counted(inflation: Inflation): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(inflation.add(chunk.length), chunk);
    },
  });
}

/**
 * Bodies read as they stream (imports, NDJSON; an import also takes a file as
 * octet-stream, naming its format); every other body is held whole, as JSON is.
 */
const STREAMED_TYPES = [...Object.values(MEDIA_TYPES).flat(), 'application/octet-stream'];

/** What a body of this media type may become once decompressed: the limit its parser holds it to. */
export function decompressedLimit(contentType: string | undefined): number {
  const type = contentType?.split(';')[0].trim().toLowerCase() ?? '';
  return STREAMED_TYPES.includes(type) ? LIMITS.importBodyBytes : LIMITS.jsonBodyBytes;
}

/**
 * Compressed bytes read ahead of the decoder. The connection keeps being read while a
 * body is decompressed, so a client that hangs up is seen then, not after the work.
 */
const READ_AHEAD_BYTES = 4 * 1024 * 1024;

/**
 * Stops the body's decompression once its exchange is over: when the client hangs up
 * before the answer is sent, or when the answer went out before the body was read
 * (a request refused early). Either way nobody is left to read it.
 */
function stopWhenOver(reply: FastifyReply, out: Readable): void {
  const over = () => {
    if (reply.raw.writableFinished) out.destroy();
    else out.destroy(new DomainError('bad_request', 'the client closed the connection'));
  };
  reply.raw.once('close', over);
  out.once('close', () => reply.raw.off('close', over));
}

/**
 * Bodies sent with `Content-Encoding: gzip, deflate, br or zstd` are decompressed as
 * they stream in, before any parser sees them, within the size of their kind and the
 * expansion ratio (see Inflation); another encoding is 415.
 */
export function registerDecompression(app: FastifyInstance): void {
  const decompressed = new Counter({
    name: 'datashelf_http_decompressed_bytes_total',
    help: 'Bytes request bodies became once decompressed, by encoding',
    labelNames: ['encoding'],
    registers: [app.metrics],
  });
  const decompressing = new Gauge({
    name: 'datashelf_http_decompressing_bodies',
    help: 'Request bodies being decompressed now',
    registers: [app.metrics],
  });
  app.addHook('preParsing', async (request, reply, payload) => {
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    if (!encoding || encoding === 'identity') return payload;
    const decoder = DECODERS[encoding];
    if (!decoder)
      throw new DomainError('unsupported_media_type', `Content-Encoding ${encoding} is not supported (gzip, deflate, br, zstd are)`);
    const inflation = new Inflation(decompressedLimit(request.headers['content-type']), (count) => decompressed.inc({ encoding }, count));
    const readAhead = new PassThrough({ highWaterMark: READ_AHEAD_BYTES });
    const stages = decoder(inflation);
    const out = stages[stages.length - 1];
    // Registered before pipeline's own listeners, so the reader sees this error, not zlib's.
    stages[0].on('error', (error) =>
      out.destroy(
        error instanceof DomainError ? error : new DomainError('bad_request', `the ${encoding} body does not decompress: ${error.message}`),
      ),
    );
    // pipeline listens for errors on every stage: one no reader is waiting for is not left uncaught.
    pipeline([readAhead, ...stages], () => {});
    // The request stays out of the pipeline: a refused body must not destroy the connection its answer goes out on.
    (payload as Readable).on('error', (error) => readAhead.destroy(error)).pipe(readAhead);
    stopWhenOver(reply, out);
    decompressing.inc();
    out.once('close', () => decompressing.dec());
    // Fastify measures the body limit on what arrived, not on what it became.
    (out as Readable & { receivedEncodedLength?: number }).receivedEncodedLength = 0;
    delete request.headers['content-length'];
    return out;
  });
}
