import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../domain/limits.js';
import { assertJsonAcceptable, decodeUtf8 } from '../formats/json-input.js';
import { readNdjson } from '../formats/ndjson.js';
import { bodyValidator } from './validation.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

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
    request.bodyHash = sha256(bytes);
    let text: string;
    try {
      text = decodeUtf8(bytes);
    } catch (error) {
      done(error as DomainError, undefined);
      return;
    }
    parse(request, text, (error, value) => {
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
 * NDJSON bodies, streamed and checked line by line against `lineSchema`;
 * the route receives `{ items }`.
 */
export function registerNdjsonParser(app: FastifyInstance, lineSchema: object): void {
  const check = bodyValidator(lineSchema);
  const limits = { maxBytes: LIMITS.ndjsonBodyBytes, maxLineBytes: LIMITS.ndjsonLineBytes, maxItems: LIMITS.ndjsonDatapointsMax };
  app.addContentTypeParser(['application/x-ndjson', 'application/jsonl'], async (request: { bodyHash?: string }, payload: NodeJS.ReadableStream) => {
    const { items, sha256: hash } = await readNdjson(payload as never, limits, check);
    request.bodyHash = hash;
    return { items };
  });
}
