import type { components } from './schema.js';
import { ConnectionError, DatashelfError } from './errors.js';
import type { Transport } from './transport.js';
import { incrementalSha256 } from './sha256.js';

type Schemas = components['schemas'];
export type Attachment = Schemas['Attachment'];
export type AttachmentLink = Schemas['AttachmentLink'];

/** What an attachment is made of: a Blob (in Node, `fs.openAsBlob(path)` for a file), bytes, or a stream. */
export type AttachmentBody = Blob | Uint8Array | ReadableStream<Uint8Array>;

export interface UploadOptions {
  /** The media type it is served as; else the Blob's type, else `application/octet-stream`. */
  mimeType?: string;
  filename?: string;
  /** Files this large or larger go up in parts (where an incremental SHA-256 exists: Node, Deno, Bun). Default 64 MiB. */
  multipartThreshold?: number;
  /** The size of each part. Default 16 MiB. */
  partSize?: number;
  /** How often a part that failed on the way (connection lost, 5xx) is sent again. Default 3. */
  partRetries?: number;
  /** Called with the bytes sent so far, after each part (or once, for a single request). */
  onProgress?: (sent: number) => void;
  signal?: AbortSignal;
}

export interface ByteRange {
  start: number;
  /** The last byte, inclusive; to the end when left out. */
  end?: number;
}

/** An attachment's bytes coming down, and what they are. */
export interface AttachmentDownload {
  body: ReadableStream<Uint8Array>;
  mimeType: string;
  /** The bytes this answer carries (the range's, for a range). */
  size: number;
  /** The whole file's size. */
  totalSize: number;
  /** The name it was uploaded with, if any. */
  filename: string | null;
}

const MiB = 1024 * 1024;
const DEFAULTS = { multipartThreshold: 64 * MiB, partSize: 16 * MiB, partRetries: 3 };
const UPLOADS = '/v1/attachments/uploads';
const OCTETS = 'application/octet-stream';
/** Bytes of their own (not a view of shared memory), as a Blob takes them. */
type Bytes = Uint8Array<ArrayBuffer>;

/** A body as chunks of at most `size` bytes (a Blob is sliced, read a part at a time; a stream is regrouped). */
async function* partsOf(body: Blob | ReadableStream<Uint8Array>, size: number): AsyncGenerator<Bytes> {
  if (body instanceof Blob) {
    for (let at = 0; at < body.size; at += size) yield new Uint8Array(await body.slice(at, at + size).arrayBuffer());
    return;
  }
  const reader = body.getReader();
  let held: Uint8Array[] = [];
  let length = 0;
  const take = () => {
    const part = new Uint8Array(length);
    let at = 0;
    for (const chunk of held) {
      part.set(chunk, at);
      at += chunk.length;
    }
    held = [];
    length = 0;
    return part;
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (let at = 0; at < value.length;) {
      const piece = value.subarray(at, at + size - length);
      held.push(piece);
      length += piece.length;
      at += piece.length;
      if (length === size) yield take();
    }
  }
  if (length > 0) yield take();
}

/** Whether a failure is worth sending a part again for: the connection, or the server failing for a while. */
const retryable = (error: unknown) => error instanceof ConnectionError || (error instanceof DatashelfError && error.status >= 500);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Uploads and downloads of attachments, for the Datashelf client. */
export function attachmentsOf(transport: Transport) {
  const post = (body: Blob, mimeType: string, options: UploadOptions) =>
    transport.json<Attachment>('POST', '/v1/attachments', {
      body,
      contentType: mimeType,
      query: { filename: options.filename },
      signal: options.signal,
    });

  async function putPart(uploadId: string, part: number, bytes: Uint8Array, options: UploadOptions): Promise<void> {
    const retries = options.partRetries ?? DEFAULTS.partRetries;
    for (let attempt = 0; ; attempt += 1) {
      try {
        await transport.request('PUT', `${UPLOADS}/${uploadId}/parts/${part}`, {
          body: bytes,
          contentType: OCTETS,
          signal: options.signal,
        });
        return;
      } catch (error) {
        if (attempt >= retries || !retryable(error) || options.signal?.aborted) throw error;
        await pause(250 * 2 ** attempt);
      }
    }
  }

  /** The parts, sent in order and hashed on the way; the upload is given up if one fails for good. */
  async function multipart(parts: AsyncGenerator<Bytes>, mimeType: string, options: UploadOptions) {
    const hash = incrementalSha256()!;
    const upload = await transport.json<Schemas['Upload']>('POST', UPLOADS, {
      json: { mime_type: mimeType, ...(options.filename && { filename: options.filename }) },
      signal: options.signal,
    });
    try {
      let sent = 0;
      let number = 1;
      for await (const part of parts) {
        hash.update(part);
        await putPart(upload.id, number++, part, options);
        sent += part.length;
        options.onProgress?.(sent);
      }
      return await transport.json<Attachment>('POST', `${UPLOADS}/${upload.id}/complete`, {
        json: { sha256: hash.hex() },
        signal: options.signal,
      });
    } catch (error) {
      await transport.request('DELETE', `${UPLOADS}/${upload.id}`).catch(() => undefined);
      throw error;
    }
  }

  return {
    /**
     * Stores a file and answers its attachment (the same bytes always answer the same id).
     * Below `multipartThreshold` it goes in one streamed request; at or above it, in parts,
     * each retried on a lost connection or a 5xx, checked by the SHA-256 at completion.
     */
    async upload(body: AttachmentBody, options: UploadOptions = {}): Promise<Attachment> {
      const mimeType = options.mimeType || (body instanceof Blob && body.type) || OCTETS;
      const threshold = options.multipartThreshold ?? DEFAULTS.multipartThreshold;
      const whole = body instanceof Uint8Array ? new Blob([body as Bytes]) : body;
      const single = async (what: Blob) => {
        const made = await post(what, mimeType, options);
        options.onProgress?.(made.size);
        return made;
      };
      // Without an incremental SHA-256 (browsers), a file goes in one request whatever its size.
      if (!incrementalSha256() || (whole instanceof Blob && whole.size < threshold)) return single(whole as Blob);
      const parts = partsOf(whole, options.partSize ?? DEFAULTS.partSize);
      if (whole instanceof Blob) return multipart(parts, mimeType, options);
      // A stream's size is unknown until it ends: up to the threshold is held, and sent in one request if that was all.
      const held: Bytes[] = [];
      let length = 0;
      while (length < threshold) {
        const next = await parts.next();
        if (next.done) return single(new Blob(held));
        held.push(next.value);
        length += next.value.length;
      }
      return multipart(
        (async function* () {
          yield* held.splice(0);
          yield* parts;
        })(),
        mimeType,
        options,
      );
    },

    /**
     * An attachment's bytes, streamed: by its id (`sha256:…`, with the key) or by the signed
     * `url` a datapoint read gives (no key needed; a path is taken on this server). A range
     * asks for some bytes only (206).
     */
    async download(idOrUrl: string, range?: ByteRange): Promise<AttachmentDownload> {
      const headers: Record<string, string> = range ? { range: `bytes=${range.start}-${range.end ?? ''}` } : {};
      const res = await transport.request('GET', pathOf(transport.url, idOrUrl), { headers });
      const size = Number(res.headers.get('content-length') ?? 0);
      const total = /\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1];
      return {
        body: res.body ?? new Blob([]).stream(),
        mimeType: res.headers.get('content-type') ?? OCTETS,
        size,
        totalSize: total ? Number(total) : size,
        filename: filenameOf(res.headers.get('content-disposition')),
      };
    },
  };
}

/** The path (and query) an id or a link names on this server; a link elsewhere is refused, so the key never leaves. */
function pathOf(base: string, idOrUrl: string): string {
  if (idOrUrl.startsWith('sha256:')) return `/v1/attachments/${idOrUrl}`;
  const url = new URL(idOrUrl, base);
  if (url.origin !== new URL(base).origin) throw new Error(`${idOrUrl} is not on ${base}`);
  return `${url.pathname}${url.search}`;
}

/** The file name a Content-Disposition gives: `filename*` (RFC 8187) first, else `filename`. */
function filenameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (extended) return decodeURIComponent(extended);
  return /filename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
}
