import { LIMITS } from '../model/limits.js';
import * as store from '../store/attachment-collection.js';
import type { BlobBackend } from '../store/blobs/backend.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';

/** Blobs looked up at a time when deciding which are still held. */
const BATCH = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The attachment garbage collector. An attachment a project uploaded stays while any
 * version of a live or restorable (deleted within the undelete window) dataset of that
 * project names it, and for a grace period after it was uploaded or last named by a
 * commit; then its record goes. A blob goes when no project holds a record of it and it
 * was not written within the grace period either: an upload of the same bytes writes
 * the blob afresh before recording it, and the backend keeps a blob written while the
 * collector decides. Safe to run on several instances at once.
 */
export class AttachmentCollector {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly blobs: BlobBackend,
    readonly graceMs: number,
  ) {}

  async collect(): Promise<{ attachments: number; blobs: number }> {
    const now = this.clock.ms();
    const cutoff = now - this.graceMs;
    const iso = (ms: number) => new Date(ms).toISOString();
    const attachments = await store.deleteUnreferencedAttachments(this.store, iso(cutoff), iso(now - LIMITS.deletedKeptDays * DAY_MS));
    for (const upload of await store.deleteStaleUploads(this.store, iso(cutoff))) await this.blobs.dropParts(upload);
    await this.blobs.sweepTemporary(cutoff);
    let blobs = 0;
    let batch: string[] = [];
    const sweep = async () => {
      const held = await store.heldAnywhere(this.store, batch);
      for (const sha256 of batch) if (!held.has(sha256) && (await this.blobs.delete(sha256, cutoff))) blobs++;
      batch = [];
    };
    for await (const blob of this.blobs.list()) {
      if (blob.writtenAt >= cutoff) continue;
      batch.push(blob.sha256);
      if (batch.length >= BATCH) await sweep();
    }
    await sweep();
    return { attachments, blobs };
  }
}
