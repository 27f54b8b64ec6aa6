import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Attachment } from '../../model/attachments.js';
import type { AttachmentUploads } from '../attachment-uploads.js';
import type { AttachmentService } from '../attachments.js';
import { projectOf, type Caller } from '../caller.js';
import type { Clock } from '../clock.js';
import { DomainError, forbidden } from '../errors.js';
import type { HubService } from './service.js';

/** Objects larger than this are sent in parts of this size: the smallest part every blob backend (S3 among them) takes. */
export const LFS_CHUNK_BYTES = 5 * 1024 * 1024;
/** How long the upload URLs of a batch answer work: long enough for a slow link to send a large file. */
const UPLOAD_URL_SECONDS = 24 * 60 * 60;
/** Files the Hub sends by LFS whatever their bytes: from this size (10 MB, the Hub's threshold). */
const LFS_FROM_BYTES = 10_000_000;

export interface LfsObject {
  oid: string;
  size: number;
}

/**
 * What an upload URL grants, signed: one object (or one multipart upload) of one
 * project, sent as the key that asked for it, until it expires. The Hub's clients send
 * these URLs no token, so the signature is the whole of their authority.
 */
export interface LfsGrant {
  project: string;
  key: string;
  expires: number;
  signature: string;
}

/** How one object of a batch is to be sent: not at all (the project holds it), in one request, or in parts. */
export type LfsPlan =
  | { object: LfsObject; kind: 'held' }
  | { object: LfsObject; kind: 'basic'; grant: LfsGrant }
  | { object: LfsObject; kind: 'multipart'; upload: string; parts: number; chunkSize: number; grant: LfsGrant }
  | { object: LfsObject; kind: 'refused'; code: number; message: string };

/** Whether the Hub would have a file sent by LFS: large, or binary (a NUL byte in its first bytes, as git judges). */
export const sentByLfs = (size: number | undefined, sample: Buffer) => (size ?? 0) >= LFS_FROM_BYTES || sample.includes(0);

/**
 * The Git LFS batch API of the Hub's write path, over datashelf's attachments: an object
 * is an attachment of the project (its oid the SHA-256), sent in one PUT or as a
 * multipart upload, each through a signed URL. An object uploaded and never committed
 * is an attachment nothing names, which the attachment collector removes.
 */
export class HubLfs {
  constructor(
    private readonly hub: HubService,
    private readonly attachments: AttachmentService,
    private readonly uploads: AttachmentUploads,
    private readonly clock: Clock,
    private readonly key: Buffer,
  ) {}

  /** How each object is to be sent; in parts only when the client can (`multipart`), as Git LFS lets the client offer transfers. */
  async batch(caller: Caller, namespace: string, name: string, objects: LfsObject[], multipart: boolean): Promise<LfsPlan[]> {
    await this.hub.repo(caller, namespace, name);
    const plans: LfsPlan[] = [];
    for (const object of objects) plans.push(await this.plan(caller, object, multipart));
    return plans;
  }

  /** The object, when the repository's project holds it with that size (the `verify` step). */
  async verify(caller: Caller, namespace: string, name: string, object: LfsObject): Promise<Attachment> {
    await this.hub.repo(caller, namespace, name);
    const held = await this.held(caller, object.oid);
    if (!held || held.size !== object.size) {
      throw new DomainError('not_found', `object ${object.oid} of ${object.size} bytes was not uploaded`, [], 'no_such_entry');
    }
    return held;
  }

  /** Stores an object sent in one request, when the bytes are the object's. */
  async putObject(object: LfsObject, grant: LfsGrant, body: AsyncIterable<Buffer>, declaredLength?: number): Promise<Attachment> {
    const caller = this.callerOf(grant, `object ${object.oid} ${object.size}`);
    const upload = { contentType: 'application/octet-stream', declaredLength, expected: { sha256: object.oid, size: object.size } };
    return (await this.attachments.upload(caller, body, upload)).attachment;
  }

  /** One part of a multipart object; answers its SHA-256, the part's ETag. */
  async putPart(upload: string, part: number, grant: LfsGrant, body: AsyncIterable<Buffer>, declaredLength?: number) {
    return this.uploads.putPart(this.callerOf(grant, `upload ${upload}`), upload, part, body, declaredLength);
  }

  /** The parts as the object, when they make its SHA-256 (else refused, and the parts stay to be sent again). */
  async complete(upload: string, oid: string, grant: LfsGrant): Promise<Attachment> {
    return (await this.uploads.complete(this.callerOf(grant, `upload ${upload}`), upload, oid)).attachment;
  }

  private async plan(caller: Caller, object: LfsObject, multipart: boolean): Promise<LfsPlan> {
    if (object.size > this.attachments.maxBytes) {
      return { object, kind: 'refused', code: 422, message: `an object may be at most ${this.attachments.maxBytes} bytes` };
    }
    const held = await this.held(caller, object.oid);
    if (held?.size === object.size) return { object, kind: 'held' };
    if (object.size <= LFS_CHUNK_BYTES || !multipart)
      return { object, kind: 'basic', grant: this.grant(caller, `object ${object.oid} ${object.size}`) };
    const upload = await this.uploads.create(caller, { mime_type: 'application/octet-stream' });
    const parts = Math.ceil(object.size / LFS_CHUNK_BYTES);
    return {
      object,
      kind: 'multipart',
      upload: upload.id,
      parts,
      chunkSize: LFS_CHUNK_BYTES,
      grant: this.grant(caller, `upload ${upload.id}`),
    };
  }

  private async held(caller: Caller, oid: string): Promise<Attachment | null> {
    try {
      return await this.attachments.get(caller, `sha256:${oid}`);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'not_found') return null;
      throw error;
    }
  }

  private grant(caller: Caller, resource: string): LfsGrant {
    const project = projectOf(caller);
    const expires = Math.floor(this.clock.ms() / 1000) + UPLOAD_URL_SECONDS;
    const signature = this.signature(project, caller.keyId, resource, expires).toString('base64url');
    return { project, key: caller.keyId, expires, signature };
  }

  /** The caller a valid grant stands for: the key that asked for the URL, in its project, for this resource only. */
  private callerOf(grant: LfsGrant, resource: string): Caller {
    const expected = this.signature(grant.project, grant.key, resource, grant.expires);
    const given = Buffer.from(grant.signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw forbidden('this upload URL is not valid');
    if (grant.expires * 1000 <= this.clock.ms()) throw forbidden('this upload URL has expired: ask the batch API for a new one');
    return { keyId: grant.key, projectId: grant.project, role: 'write', userId: null };
  }

  private signature(project: string, key: string, resource: string, expires: number): Buffer {
    return createHmac('sha256', this.key).update(`hub lfs\n${project}\n${key}\n${resource}\n${expires}`).digest();
  }
}
