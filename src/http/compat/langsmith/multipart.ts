import type { IncomingHttpHeaders } from 'node:http';
import { Busboy } from '@fastify/busboy';
import { DomainError, badRequest, invalid } from '../../../domain/errors.js';
import { assertJsonAcceptable } from '../../../formats/json-input.js';
import { LIMITS } from '../../../model/limits.js';

/** One part of a multipart/form-data body: its name, its media type, its bytes. */
export interface Part {
  name: string;
  /** The media type without its parameters (`application/json`), lower case. */
  type: string;
  /** The file name a file part carries (a form's upload). */
  filename?: string;
  data: Buffer;
}

const { multipartBytes, multipartParts, multipartNameLength } = LIMITS.surfaces.langsmith;

const tooLarge = () =>
  new DomainError('payload_too_large', `a multipart body may hold at most ${multipartBytes} bytes in ${multipartParts} parts`);

/**
 * Reads a multipart/form-data body into its parts, every part as bytes (LangSmith's
 * clients send JSON parts without a file name and attachment parts as blobs), within
 * the surface's limits: a body over them is refused, never cut short.
 */
export function readParts(headers: IncomingHttpHeaders, body: NodeJS.ReadableStream): Promise<Part[]> {
  return new Promise((resolve, reject) => {
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({
        headers: headers as IncomingHttpHeaders & { 'content-type': string },
        isPartAFile: () => true,
        limits: { fieldNameSize: multipartNameLength, fileSize: multipartBytes, parts: multipartParts },
      });
    } catch (error) {
      reject(badRequest(`not a multipart body: ${(error as Error).message}`));
      return;
    }
    const parts: Part[] = [];
    let total = 0;
    let failed = false;
    const fail = (error: DomainError) => {
      if (failed) return;
      failed = true;
      body.unpipe(parser);
      // The rest is read and dropped, so the refusal can still be sent on this connection.
      body.resume();
      reject(error);
    };
    parser.on('file', (name, stream, filename, _encoding, mimeType) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > multipartBytes) fail(tooLarge());
        else if (!failed) chunks.push(chunk);
      });
      stream.on('limit', () => fail(tooLarge()));
      stream.on('end', () => {
        if (failed) return;
        const type = (mimeType ?? '').split(';')[0].trim().toLowerCase();
        parts.push({ name, type, ...(filename && { filename }), data: Buffer.concat(chunks) });
      });
    });
    parser.on('partsLimit', () => fail(tooLarge()));
    parser.on('error', (error: unknown) => fail(badRequest(`the multipart body could not be read: ${(error as Error).message}`)));
    parser.on('finish', () => {
      if (!failed) resolve(parts);
    });
    body.on('error', (error: Error) => fail(badRequest(`the body could not be read: ${error.message}`)));
    body.pipe(parser);
  });
}

/** The parts of a body the multipart parser read; any other body is the wrong media type. */
export function partsOf(body: unknown): Part[] {
  if (Array.isArray(body)) return body as Part[];
  throw new DomainError('unsupported_media_type', 'send this as multipart/form-data');
}

/** A part's bytes as JSON, or a 422 naming the part. */
export function jsonPart(part: Part): unknown {
  let value: unknown;
  try {
    value = JSON.parse(part.data.toString('utf8'));
  } catch {
    throw invalid(`part ${part.name} is not JSON`, [{ field: part.name, message: 'is not JSON' }]);
  }
  assertJsonAcceptable(value);
  return value;
}

/** A part holding a JSON object (or, when `nullable`, null), or a 422 naming the part. */
export function objectPart(part: Part, nullable: true): Record<string, unknown> | null;
export function objectPart(part: Part): Record<string, unknown>;
export function objectPart(part: Part, nullable = false): Record<string, unknown> | null {
  const value = jsonPart(part);
  if ((typeof value === 'object' && value !== null && !Array.isArray(value)) || (nullable && value === null))
    return value as Record<string, unknown> | null;
  throw invalid(`part ${part.name} must be a JSON object`, [{ field: part.name, message: 'must be a JSON object' }]);
}
