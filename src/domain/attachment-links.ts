import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Attachment, type AttachmentLink, attachmentId, sha256Of } from '../model/attachments.js';
import { LIMITS } from '../model/limits.js';
import { findAttachment, heldAttachments } from '../store/attachments.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import { forbidden, notFound } from './errors.js';
import { namedIn } from './attachment-refs.js';

/** What a signed link carries besides the attachment id. */
export interface LinkParams {
  project: string;
  expires: number;
  signature: string;
  /** The media type to serve the bytes as, when not the attachment's (a file of a tree). */
  type?: string;
}

/**
 * Short-lived links to attachments that work without a key (for `<img src>`, notebooks,
 * SDKs): the project, the blob and an expiry, signed with HMAC-SHA256 under a key every
 * instance shares. datashelf verifies them itself, so an altered or expired link is 403.
 * Expiries are rounded up to a step, so a page read twice within it gives the same links
 * and browsers can cache what they fetched.
 */
export class AttachmentLinks {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly key: Buffer,
    /** Prefixed to every link: the public URL of this service, or '' for links relative to the host. */
    private readonly base: string,
  ) {}

  /**
   * The records with their `attachments` (stored as `{name: id}` JSON text) turned into
   * `{name: {id, mime_type, size, filename, url}}`, with one query for all of them.
   */
  async linked<R extends { attachments: string }>(projectId: string, records: R[]): Promise<R[]> {
    const named = records.map((r) => namedIn(r.attachments));
    const ids = [...new Set(named.flatMap((n) => Object.values(n)))];
    if (ids.length === 0) return records;
    const held = new Map((await heldAttachments(this.store, projectId, ids.map(sha256Of))).map((a) => [a.id, a]));
    const expires = this.expiry();
    // Each attachment's link as JSON once, however many datapoints of the page name it.
    const links = new Map(ids.map((id) => [id, JSON.stringify(this.link(projectId, held.get(id), id, expires))]));
    return records.map((record, i) => {
      const entries = Object.entries(named[i]);
      if (entries.length === 0) return record;
      const json = entries.map(([name, id]) => `${JSON.stringify(name)}:${links.get(id)!}`).join(',');
      return { ...record, attachments: `{${json}}` };
    });
  }

  /** The attachment a link names, when its signature holds and it has not expired. */
  async open(id: string, params: LinkParams): Promise<Attachment> {
    const expected = this.signature(params.project, sha256Of(id), params.expires, params.type);
    const given = Buffer.from(params.signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw forbidden('this link is not valid');
    if (params.expires * 1000 <= this.clock.ms()) throw forbidden('this link has expired: read the datapoint again for a fresh one');
    const found = await findAttachment(this.store, params.project, sha256Of(id));
    if (!found) throw notFound('attachment');
    return params.type === undefined ? found : { ...found, mime_type: params.type };
  }

  /** A signed link to a blob the project holds; with `type`, served as that media type (a file of a version's tree). */
  urlOf(projectId: string, sha256: string, { expires = this.expiry(), type }: { expires?: number; type?: string } = {}): string {
    const signature = this.signature(projectId, sha256, expires, type).toString('base64url');
    const served = type === undefined ? '' : `&type=${encodeURIComponent(type)}`;
    return `${this.base}/v1/attachments/${attachmentId(sha256)}/content?project=${projectId}&expires=${expires}${served}&signature=${signature}`;
  }

  private link(projectId: string, attachment: Attachment | undefined, id: string, expires: number): AttachmentLink {
    const url = this.urlOf(projectId, sha256Of(id), { expires });
    // A datapoint names only attachments its project held when it was committed, and the
    // collector keeps those; an absent record would be a blob removed by hand.
    return {
      id,
      mime_type: attachment?.mime_type ?? 'application/octet-stream',
      size: attachment?.size ?? 0,
      filename: attachment?.filename ?? null,
      url,
    };
  }

  private expiry(): number {
    const step = LIMITS.attachmentLinkStepSeconds;
    return Math.ceil((this.clock.ms() / 1000 + LIMITS.attachmentLinkSeconds) / step) * step;
  }

  private signature(projectId: string, sha256: string, expires: number, type?: string): Buffer {
    const signed = `${projectId}\n${sha256}\n${expires}${type === undefined ? '' : `\n${type}`}`;
    return createHmac('sha256', this.key).update(signed).digest();
  }
}
