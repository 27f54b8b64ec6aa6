import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../domain/limits.js';
import { readNdjson } from '../formats/ndjson.js';
import { bodyValidator } from './validation.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** JSON bodies, parsed as Fastify does, with the raw text hashed for idempotency. */
export function registerJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'ignore');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: LIMITS.jsonBodyBytes }, (request, body, done) => {
    request.bodyHash = sha256(body as string);
    parse(request, body as string, done);
  });
}

/**
 * NDJSON bodies of datapoints, streamed and checked line by line against `lineSchema`;
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
