import { createHash, type Hash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../model/limits.js';
import { assertJsonAcceptable, decodeUtf8 } from '../formats/json-input.js';
import { readNdjson } from '../formats/ndjson.js';
import { mediaTypeOf, NDJSON_TYPES } from '../formats/media-types.js';
import { checker } from '../model/validate.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** JSON and NDJSON are UTF-8 (RFC 8259); a body declared in another charset is refused, not misread. */
function refuseOtherCharsets(contentType: string | undefined): DomainError | null {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1].toLowerCase();
  if (charset === undefined || charset === 'utf-8' || charset === 'utf8') return null;
  return new DomainError('unsupported_media_type', `bodies must be UTF-8, not ${charset}`);
}

/**
 * JSON bodies, parsed as Fastify does (prototype poisoning refused), after decoding the
 * bytes strictly as UTF-8 and before any route sees them: text and depth as
 * json-input.ts allows. The raw bytes are hashed for Idempotency-Key fingerprints.
 */
export function registerJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'ignore');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: LIMITS.jsonBodyBytes }, (request, body, done) => {
    const bytes = body as Buffer;
    const charset = refuseOtherCharsets(request.headers['content-type']);
    if (charset) return done(charset, undefined);
    request.bodyHash = sha256(bytes);
    let text: string;
    try {
      text = decodeUtf8(bytes);
    } catch (error) {
      done(error as DomainError, undefined);
      return;
    }
    void parse(request, text, (error, value) => {
      if (error) return done(error, undefined);
      try {
        assertJsonAcceptable(value);
      } catch (refused) {
        return done(refused as DomainError, undefined);
      }
      done(null, value);
    });
  });
}

/**
 * A body's chunks for a reader that may stop early (a bad line, a refused mapping)
 * without destroying the body: the request stays whole, so the answer can still be
 * sent and the rest of the body read off the connection (see lingering-close.ts).
 */
const chunksOf = (payload: NodeJS.ReadableStream): AsyncIterable<Buffer> => ({
  [Symbol.asyncIterator]: () => (payload as Readable).iterator({ destroyOnReturn: false }),
});

/** The bytes of a stream as they pass, hashed on the way (for Idempotency-Key fingerprints). */
async function* hashing(stream: AsyncIterable<Buffer>, hash: Hash): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    hash.update(chunk);
    yield chunk;
  }
}

/**
 * NDJSON bodies small enough to hold (event batches), read line by line, each checked
 * against `lineSchema`; the route receives `{ items }`.
 */
export function registerNdjsonParser(app: FastifyInstance, lineSchema: object): void {
  const check = checker(lineSchema);
  const limits = { maxBytes: LIMITS.importBodyBytes, maxLineBytes: LIMITS.importLineBytes, maxItems: LIMITS.importRowsMax };
  app.addContentTypeParser(NDJSON_TYPES, async (request: FastifyRequest, payload: NodeJS.ReadableStream) => {
    const charset = refuseOtherCharsets(request.headers['content-type']);
    if (charset) throw charset;
    const hash = createHash('sha256');
    const items = await readNdjson(Readable.from(hashing(chunksOf(payload), hash)), limits, check);
    request.bodyHash = hash.digest('hex');
    return { items };
  });
}

/** A route's body schema when it takes JSON or NDJSON: every NDJSON spelling declared alike. */
export function jsonOrNdjson(json: TSchema, ndjson: TSchema) {
  return {
    content: { 'application/json': { schema: json }, ...Object.fromEntries(NDJSON_TYPES.map((type) => [type, { schema: ndjson }])) },
  };
}

/** Whether a route that also takes streamed bodies was sent JSON (`application/jsonl` is not). */
export const isJsonBody = (request: FastifyRequest) => mediaTypeOf(request.headers['content-type']) === 'application/json';

/**
 * Bodies a route reads as it streams (imports): the handler receives the stream
 * itself. The body cannot be hashed before the handler runs, so an Idempotency-Key
 * covers the upload's media type and length.
 */
export function registerStreamedBodies(app: FastifyInstance, types: string[]): void {
  app.addContentTypeParser(types, (request, payload, done) => {
    const charset = refuseOtherCharsets(request.headers['content-type']);
    if (charset) return done(charset, undefined);
    const { 'content-type': type, 'content-length': length } = request.headers;
    request.bodyHash = sha256(Buffer.from(`stream\n${type ?? ''}\n${length ?? ''}`));
    done(null, chunksOf(payload));
  });
}

/**
 * A body of any media type, handed to the route as it streams (attachments): every
 * other parser is taken out of the scope, so a file sent as JSON is kept as bytes.
 */
export function registerRawBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => {
    const { 'content-type': type, 'content-length': length } = request.headers;
    request.bodyHash = sha256(Buffer.from(`stream\n${type ?? ''}\n${length ?? ''}`));
    done(null, chunksOf(payload));
  });
}
