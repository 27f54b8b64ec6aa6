import { randomUUID } from 'node:crypto';
import { type Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  AbortMultipartUploadCommand,
} from '@aws-sdk/client-s3';
import type { BlobBackend, ByteRange, StoredBlob } from './backend.js';
import { writeInBatches } from './batches.js';

export interface S3Settings {
  bucket: string;
  /** Keys begin with it (`datashelf/`), so one bucket can hold other things too. */
  prefix: string;
  region: string;
  /** An S3-compatible service's URL (MinIO, R2…); none means AWS. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Bytes gathered per request: a smaller body is one PUT, a larger one a multipart upload of parts this size (bounded memory). */
const PART_BYTES = 8 * 1024 * 1024;

const missing = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
};

/**
 * Blobs in an S3-compatible object store, for several instances sharing one store:
 * `<prefix>sha256/<hex>` for each blob, `<prefix>tmp/` for bytes still arriving and
 * `<prefix>uploads/<id>/<n>` for multipart parts. A blob is written under a temporary
 * key and copied into place once its hash is known, so no partial blob is ever visible.
 * Signed links stay datashelf's own (they check the project), not the store's.
 */
export class S3Blobs implements BlobBackend {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.endpoint !== undefined,
      credentials: settings.credentials,
    });
  }

  async put(body: AsyncIterable<Buffer>, maxBytes: number): Promise<StoredBlob> {
    const temporary = this.key(`tmp/${randomUUID()}`);
    const written = await this.write(temporary, body, maxBytes);
    try {
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.settings.bucket,
          CopySource: `${this.settings.bucket}/${temporary}`,
          Key: this.blobKey(written.sha256),
        }),
      );
    } finally {
      await this.remove(temporary);
    }
    return written;
  }

  async size(sha256: string): Promise<number | null> {
    const head = await this.head(this.blobKey(sha256));
    return head ? head.size : null;
  }

  async read(sha256: string, range?: ByteRange): Promise<Readable> {
    const got = await this.client.send(
      new GetObjectCommand({
        Bucket: this.settings.bucket,
        Key: this.blobKey(sha256),
        Range: range && `bytes=${range.start}-${range.end}`,
      }),
    );
    return got.Body as Readable;
  }

  /** S3 has no atomic move: the blob is judged by when it was last written, just before it is deleted. */
  async delete(sha256: string, writtenBefore: number): Promise<boolean> {
    const head = await this.head(this.blobKey(sha256));
    if (!head || head.writtenAt >= writtenBefore) return false;
    await this.remove(this.blobKey(sha256));
    return true;
  }

  async *list(): AsyncIterable<{ sha256: string; writtenAt: number }> {
    for await (const object of this.objects('sha256/')) yield { sha256: object.name, writtenAt: object.writtenAt };
  }

  putPart(upload: string, part: number, body: AsyncIterable<Buffer>, maxBytes: number): Promise<StoredBlob> {
    return this.write(this.key(`uploads/${upload}/${part}`), body, maxBytes);
  }

  async parts(upload: string): Promise<{ part: number; size: number }[]> {
    const parts: { part: number; size: number }[] = [];
    for await (const object of this.objects(`uploads/${upload}/`)) parts.push({ part: Number(object.name), size: object.size });
    return parts.sort((a, b) => a.part - b.part);
  }

  assemble(upload: string, parts: number[], maxBytes: number): Promise<StoredBlob> {
    const get = (part: number) =>
      this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(`uploads/${upload}/${part}`) }));
    async function* bytes(): AsyncGenerator<Buffer> {
      for (const part of parts) yield* (await get(part)).Body as Readable;
    }
    return this.put(bytes(), maxBytes);
  }

  async dropParts(upload: string): Promise<void> {
    for await (const object of this.objects(`uploads/${upload}/`)) await this.remove(object.key);
  }

  async sweepTemporary(before: number): Promise<void> {
    for (const area of ['tmp/', 'uploads/']) {
      for await (const object of this.objects(area)) if (object.writtenAt < before) await this.remove(object.key);
    }
  }

  /** Writes `key` as the body streams, hashing it: one PUT when it fits a part, else a multipart upload. */
  private async write(key: string, body: AsyncIterable<Buffer>, maxBytes: number): Promise<StoredBlob> {
    let multipart: { id: string; parts: { ETag?: string; PartNumber: number }[] } | null = null;
    const Bucket = this.settings.bucket;
    // A request body is one buffer: the batch's chunks are joined here.
    const sendPart = async (chunks: Buffer[]) => {
      const Body = Buffer.concat(chunks);
      multipart ??= { id: (await this.client.send(new CreateMultipartUploadCommand({ Bucket, Key: key }))).UploadId!, parts: [] };
      const PartNumber = multipart.parts.length + 1;
      const sent = await this.client.send(new UploadPartCommand({ Bucket, Key: key, UploadId: multipart.id, PartNumber, Body }));
      multipart.parts.push({ ETag: sent.ETag, PartNumber });
    };
    try {
      const { last, ...blob } = await writeInBatches(body, { batchBytes: PART_BYTES, maxBytes }, sendPart);
      if (multipart === null) {
        await this.client.send(new PutObjectCommand({ Bucket, Key: key, Body: Buffer.concat(last) }));
      } else {
        if (last.length > 0) await sendPart(last);
        const { id, parts } = multipart;
        await this.client.send(new CompleteMultipartUploadCommand({ Bucket, Key: key, UploadId: id, MultipartUpload: { Parts: parts } }));
      }
      return blob;
    } catch (error) {
      const started = multipart as { id: string } | null;
      if (started) await this.client.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId: started.id })).catch(() => {});
      throw error;
    }
  }

  private async head(key: string): Promise<{ size: number; writtenAt: number } | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return { size: head.ContentLength ?? 0, writtenAt: head.LastModified?.getTime() ?? 0 };
    } catch (error) {
      if (missing(error)) return null;
      throw error;
    }
  }

  private async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }

  /** The objects under an area of the prefix, a listing page at a time. */
  private async *objects(area: string): AsyncGenerator<{ key: string; name: string; size: number; writtenAt: number }> {
    const Prefix = this.key(area);
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix, ContinuationToken }));
      for (const o of page.Contents ?? []) {
        yield { key: o.Key!, name: o.Key!.slice(Prefix.length), size: o.Size ?? 0, writtenAt: o.LastModified?.getTime() ?? 0 };
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  private blobKey(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return this.key(`sha256/${sha256}`);
  }

  private key(rest: string): string {
    return `${this.settings.prefix}${rest}`;
  }
}
