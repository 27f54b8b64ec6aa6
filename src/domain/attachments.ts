import { Readable } from 'node:stream';
import { type Attachment, sha256Of } from '../model/attachments.js';
import { LIMITS } from '../model/limits.js';
import * as store from '../store/attachments.js';
import { BlobTooLarge, type BlobBackend, type ByteRange, type StoredBlob } from '../store/blobs/backend.js';
import type { Store } from '../store/store.js';
import { projectOf, type Caller } from './caller.js';
import { isoAt, type Clock } from './clock.js';
import { badRequest, DomainError, notFound } from './errors.js';

export interface AttachmentOptions {
  blobs: BlobBackend;
  /** The largest file one upload may store. */
  maxBytes: number;
  /** The most bytes of attachments one project may hold (0 or none: no quota). */
  quotaBytes?: number;
  /** How long an attachment nothing names, and a blob no project holds, are kept (default a day). */
  gcGraceMs?: number;
  /** Prefixed to signed links (this service's public URL); without it, links are paths on the host the client called. */
  linkBase?: string;
}

/** A file already read whole (a part of a multipart body), stored with the others of one write. */
export interface HeldFile {
  data: Buffer;
  contentType: string | undefined;
}

export interface Upload {
  /** The Content-Type sent with the bytes: what the file is served as. */
  contentType: string | undefined;
  filename?: string;
  /** Content-Length, when the client sent one: a body declared too large is refused before it is read. */
  declaredLength?: number;
  /** The file the bytes must make (a Git LFS object): bytes that make another are refused and not recorded. */
  expected?: StoredBlob;
}

/** `type/subtype` with optional parameters, as RFC 9110 spells a media type. */
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=(${TOKEN}|"[^"\\\\]*"))*$`);

/** Whether a value is a media type an attachment may be kept as. */
export const isMediaType = (value: string) => value.trim().length <= LIMITS.mediaTypeLength && MEDIA_TYPE.test(value.trim());

/** The media type an attachment is kept as: its type and subtype in lower case, its parameters as sent. */
export function mediaTypeOf(contentType: string | undefined): string {
  const value = contentType?.trim() ?? '';
  if (!isMediaType(value)) {
    throw new DomainError(
      'unsupported_media_type',
      `send the file's media type as Content-Type (type/subtype, at most ${LIMITS.mediaTypeLength} characters), e.g. image/png`,
    );
  }
  const [essence, ...parameters] = value.split(';');
  return [essence.trim().toLowerCase(), ...parameters.map((p) => p.trim())].join('; ');
}

export const tooLarge = (maxBytes: number) =>
  new DomainError('payload_too_large', `an attachment may be at most ${maxBytes} bytes (DATASHELF_ATTACHMENT_MAX_BYTES)`);

/** A blob write, its refusal past the limit said as the domain says it. */
export const bounded = <T>(write: Promise<T>, maxBytes: number): Promise<T> =>
  write.catch((error: unknown) => {
    throw error instanceof BlobTooLarge ? tooLarge(maxBytes) : error;
  });

/**
 * Files a project uploads, stored once by their SHA-256 in the blob backend. A project
 * sees only what it uploaded: another project's id answers 404 even when the bytes are
 * stored, so an upload never tells anyone whether others hold the same file.
 */
export class AttachmentService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly options: AttachmentOptions,
  ) {}

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  get blobs(): BlobBackend {
    return this.options.blobs;
  }

  /** Stores the bytes; `created` is false when the project already held them (its first record is returned). */
  async upload(caller: Caller, body: AsyncIterable<Buffer>, upload: Upload): Promise<{ attachment: Attachment; created: boolean }> {
    const projectId = projectOf(caller);
    const mimeType = mediaTypeOf(upload.contentType);
    const { maxBytes } = this.options;
    if (upload.declaredLength !== undefined && upload.declaredLength > maxBytes) throw tooLarge(maxBytes);
    // A file larger than the whole quota can never be held: refused before it is read.
    // Anything else is judged once its hash says whether the project holds it already.
    if (this.options.quotaBytes && (upload.declaredLength ?? 0) > this.options.quotaBytes)
      await this.withinQuota(projectId, upload.declaredLength!);
    const blob = await bounded(this.options.blobs.put(body, maxBytes), maxBytes);
    const { expected } = upload;
    // Refused, the blob is held by no one and the collector removes it.
    if (expected && (blob.sha256 !== expected.sha256 || blob.size !== expected.size)) {
      throw badRequest(
        `the bytes sent make a file of ${blob.size} bytes whose SHA-256 is ${blob.sha256}, not the ${expected.size} bytes of ${expected.sha256}`,
      );
    }
    return this.record(projectId, blob, mimeType, upload.filename ?? null);
  }

  /**
   * Stores files that come together (the parts of one write): each is checked first, so
   * one refused (its media type, its size) stores none. Their records, in the order given.
   */
  async uploadAll(caller: Caller, files: HeldFile[]): Promise<Attachment[]> {
    const { maxBytes } = this.options;
    for (const file of files) {
      mediaTypeOf(file.contentType);
      if (file.data.length > maxBytes) throw tooLarge(maxBytes);
    }
    const stored: Attachment[] = [];
    for (const file of files) {
      const upload = { contentType: file.contentType, declaredLength: file.data.length };
      stored.push((await this.upload(caller, Readable.from([file.data]), upload)).attachment);
    }
    return stored;
  }

  /** Stores a file an import read for the project (Parquet `Image` / `Audio` cells); answers its attachment id. */
  async keep(projectId: string, file: { bytes: Uint8Array; mimeType: string; filename: string | null }): Promise<string> {
    const { maxBytes } = this.options;
    const bytes = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
    const blob = await bounded(this.options.blobs.put(Readable.from([bytes]), maxBytes), maxBytes);
    return (await this.record(projectId, blob, mediaTypeOf(file.mimeType), file.filename)).attachment.id;
  }

  /**
   * Records that the project holds a stored blob (its first record stands when it already
   * did). Bytes it did not hold yet must fit in its quota; refused, the blob is held by
   * no one and the collector removes it.
   */
  async record(projectId: string, blob: StoredBlob, mimeType: string, filename: string | null) {
    if (this.options.quotaBytes && !(await store.findAttachment(this.store, projectId, blob.sha256))) {
      await this.withinQuota(projectId, blob.size);
    }
    return store.insertAttachment(this.store, {
      project_id: projectId,
      sha256: blob.sha256,
      size: blob.size,
      mime_type: mimeType,
      filename,
      created_at: isoAt(this.clock),
    });
  }

  /**
   * Refuses `bytes` more when the project's attachments would pass its quota. Uploads
   * running side by side are each checked against what is recorded, so together they
   * can pass it by what they were sending.
   */
  private async withinQuota(projectId: string, bytes: number): Promise<void> {
    const quota = this.options.quotaBytes;
    if (!quota) return;
    const held = await store.projectAttachmentBytes(this.store, projectId);
    if (held + bytes > quota) {
      throw new DomainError(
        'payload_too_large',
        `the project's attachments would take ${held + bytes} bytes, over its quota of ${quota} (DATASHELF_ATTACHMENT_QUOTA_BYTES); ` +
          `${held} are held: delete datasets that name attachments no longer needed (an attachment nothing names is removed after the grace period)`,
      );
    }
  }

  async get(caller: Caller, id: string): Promise<Attachment> {
    const found = await store.findAttachment(this.store, projectOf(caller), sha256Of(id));
    if (!found) throw notFound('attachment');
    return found;
  }

  /** The bytes of an attachment the caller has already been given (see get), or of one range of them. */
  read(attachment: Attachment, range?: ByteRange): Promise<Readable> {
    return this.options.blobs.read(attachment.sha256, range);
  }
}

const noStore = async (): Promise<never> => {
  throw new DomainError('unavailable', 'this server has no blob store for attachments');
};

/** Where no blob backend is configured (tools that build the services without one): every upload is refused. */
export const NO_BLOBS: BlobBackend = {
  put: noStore,
  size: async () => null,
  read: noStore,
  delete: async () => false,
  list: async function* () {},
  putPart: noStore,
  parts: async () => [],
  assemble: noStore,
  dropParts: async () => {},
  sweepTemporary: async () => {},
};
