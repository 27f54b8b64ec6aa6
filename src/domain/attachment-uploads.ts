import { randomUUID } from 'node:crypto';
import type { Attachment, Upload, UploadCreate } from '../model/attachments.js';
import * as store from '../store/attachments.js';
import type { AttachmentUploadTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { type AttachmentService, bounded, mediaTypeOf, tooLarge } from './attachments.js';
import { projectOf, type Caller } from './caller.js';
import { isoAt, type Clock } from './clock.js';
import { invalid, notFound } from './errors.js';

/**
 * Resumable uploads for large files and flaky links: make an upload, send numbered parts
 * in any order (a part sent again replaces the first, so a failed one is simply retried),
 * then complete it with the SHA-256 of the whole file, which is checked against what the
 * parts make. The parts wait in the blob backend's temporary area; the collector forgets
 * those of uploads left unfinished.
 */
export class AttachmentUploads {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly attachments: AttachmentService,
  ) {}

  async create(caller: Caller, input: UploadCreate): Promise<Upload> {
    const row = {
      id: randomUUID(),
      project_id: projectOf(caller),
      mime_type: mediaTypeOf(input.mime_type),
      filename: input.filename ?? null,
      created_at: isoAt(this.clock),
    };
    await store.insertUpload(this.store, row);
    return uploadOf(row, []);
  }

  async get(caller: Caller, id: string): Promise<Upload> {
    const row = await this.found(caller, id);
    return uploadOf(row, await this.attachments.blobs.parts(id));
  }

  async putPart(caller: Caller, id: string, part: number, body: AsyncIterable<Buffer>, declaredLength?: number) {
    await this.found(caller, id);
    const { maxBytes } = this.attachments;
    if (declaredLength !== undefined && declaredLength > maxBytes) throw tooLarge(maxBytes);
    const stored = await bounded(this.attachments.blobs.putPart(id, part, body, maxBytes), maxBytes);
    return { part, ...stored };
  }

  /** The parts 1..n as one attachment, when they make the SHA-256 given; else 422 and the parts stay to be fixed. */
  async complete(caller: Caller, id: string, sha256: string): Promise<{ attachment: Attachment; created: boolean }> {
    const row = await this.found(caller, id);
    const blobs = this.attachments.blobs;
    const parts = (await blobs.parts(id)).map((p) => p.part);
    const gap = parts.findIndex((p, i) => p !== i + 1);
    if (parts.length === 0 || gap !== -1) {
      const missing = parts.length === 0 ? 1 : gap + 1;
      throw invalid(`part ${missing} has not been received: parts are numbered from 1 without gaps`, [
        { field: 'parts', message: `part ${missing} is missing` },
      ]);
    }
    const blob = await bounded(blobs.assemble(id, parts, this.attachments.maxBytes), this.attachments.maxBytes);
    if (blob.sha256 !== sha256) {
      throw invalid(`the parts make a file whose SHA-256 is ${blob.sha256}, not ${sha256}: send the wrong parts again`, [
        { field: 'body/sha256', message: 'does not match the parts' },
      ]);
    }
    const made = await this.attachments.record(row.project_id, blob, row.mime_type, row.filename);
    await store.deleteUpload(this.store, id);
    await blobs.dropParts(id);
    return made;
  }

  async abort(caller: Caller, id: string): Promise<void> {
    await this.found(caller, id);
    await store.deleteUpload(this.store, id);
    await this.attachments.blobs.dropParts(id);
  }

  private async found(caller: Caller, id: string): Promise<AttachmentUploadTable> {
    const row = await store.findUpload(this.store, projectOf(caller), id);
    if (!row) throw notFound('upload');
    return row;
  }
}

const uploadOf = (row: AttachmentUploadTable, parts: { part: number; size: number }[]): Upload => ({
  id: row.id,
  mime_type: row.mime_type,
  filename: row.filename,
  created_at: row.created_at,
  parts,
});
