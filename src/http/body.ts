import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../model/limits.js';
import { assertJsonAcceptable, decodeUtf8 } from '../formats/json-input.js';
import { readNdjson } from '../formats/ndjson.js';
import { bodyValidator } from './validation.js';

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
 * NDJSON bodies, streamed and checked line by line against `lineSchema`;
 * the route receives `{ items }`.
 */
export function registerNdjsonParser(app: FastifyInstance, lineSchema: object): void {
  const check = bodyValidator(lineSchema);
  const limits = { maxBytes: LIMITS.ndjsonBodyBytes, maxLineBytes: LIMITS.ndjsonLineBytes, maxItems: LIMITS.ndjsonDatapointsMax };
  app.addContentTypeParser(
    ['application/x-ndjson', 'application/jsonl'],
    async (request: FastifyRequest, payload: NodeJS.ReadableStream) => {
      const charset = refuseOtherCharsets(request.headers['content-type']);
      if (charset) throw charset;
      const { items, sha256: hash } = await readNdjson(payload as never, limits, check);
      request.bodyHash = hash;
      return { items };
    },
  );
}
