import type { Caller } from '../../../domain/caller.js';
import { invalid } from '../../../domain/errors.js';
import type { Services } from '../../../domain/services.js';
import type { AttachmentLink } from '../../../model/attachments.js';
import { LIMITS } from '../../../model/limits.js';
import { checker } from '../../../model/validate.js';
import { AttachmentsOperations } from './schemas.js';

/**
 * An example's attachments: files sent as `<example id>.attachment.<name>` parts become
 * datashelf attachments of the caller's project, which the example's datapoint names
 * (`{name: attachment id}`); reads give them back as `attachment_urls`, datashelf's
 * signed links.
 */

/** A file sent with an example. */
export interface AttachmentPart {
  name: string;
  type: string;
  data: Buffer;
}

/** What a write says about one example's attachments. */
export interface AttachmentWrite {
  id: string;
  attachments: AttachmentPart[];
  attachments_operations?: AttachmentsOperations;
}

type Named = Record<string, string>;

const checkOperations = checker(AttachmentsOperations);

/** `<id>.attachments_operations` as sent, or a 422 naming the part. */
export function operationsOf(value: unknown, exampleId: string): AttachmentsOperations {
  const issues = checkOperations(value);
  if (issues.length === 0) return value as AttachmentsOperations;
  const part = `${exampleId}.attachments_operations`;
  const named = issues.map((i) => ({ field: i.field ? `${part}/${i.field}` : part, message: i.message }));
  throw invalid(`${named[0].field} ${named[0].message}`, named);
}

/**
 * The attachments an example keeps, by LangSmith's rule: with no operations, all it
 * has; with them, only those retained or renamed (under their new names). Naming one it
 * does not have is refused.
 */
function keptOf(held: Named, operations: AttachmentsOperations | undefined, exampleId: string): Named {
  if (operations === undefined) return held;
  const { rename = {}, retain = [] } = operations;
  const unknown = [...Object.keys(rename), ...retain].find((name) => !Object.hasOwn(held, name));
  if (unknown !== undefined) {
    const field = `${exampleId}.attachments_operations`;
    throw invalid(`${field}: the example has no attachment "${unknown}" to keep or rename`, [
      { field, message: `no attachment "${unknown}"` },
    ]);
  }
  return {
    ...Object.fromEntries(retain.map((name) => [name, held[name]])),
    ...Object.fromEntries(Object.entries(rename).map(([from, to]) => [to, held[from]])),
  };
}

/** Whether a write says anything about an example's attachments (and so needs those it has). */
export const touchesAttachments = (w: AttachmentWrite) => w.attachments.length > 0 || w.attachments_operations !== undefined;

function refuseOverLimits(names: string[], exampleId: string): void {
  const { attachmentsPerDatapoint: most, attachmentNameLength: longest } = LIMITS;
  const field = `${exampleId}.attachment`;
  if (names.length > most) throw invalid(`${exampleId}: an example may have at most ${most} attachments`, [{ field, message: 'too many' }]);
  const long = names.find((name) => name.length > longest);
  if (long !== undefined)
    throw invalid(`${exampleId}: an attachment name may be at most ${longest} characters`, [{ field, message: 'name too long' }]);
}

/**
 * What each example's datapoint names after the write: those it keeps (see keptOf),
 * then the files sent, which take the place of any of the same name; undefined for an
 * example whose attachments the write leaves alone. Every example is checked before
 * any file is stored, and the files are stored together (none when one is refused).
 */
export async function attachmentsAfter(
  attachments: Services['attachments'],
  caller: Caller,
  writes: (AttachmentWrite & { held: Named })[],
): Promise<(Named | undefined)[]> {
  const kept = writes.map((w) => {
    if (!touchesAttachments(w)) return undefined;
    const keeps = keptOf(w.held, w.attachments_operations, w.id);
    refuseOverLimits([...new Set([...Object.keys(keeps), ...w.attachments.map((a) => a.name)])], w.id);
    return keeps;
  });
  const sent = writes.flatMap((w) => w.attachments);
  const stored = await attachments.uploadAll(
    caller,
    sent.map((a) => ({ data: a.data, contentType: a.type })),
  );
  let next = 0;
  return writes.map((w, i) => {
    const keeps = kept[i];
    if (keeps === undefined) return undefined;
    return { ...keeps, ...Object.fromEntries(w.attachments.map((a) => [a.name, stored[next++].id])) };
  });
}

/**
 * LangSmith's `attachment_urls` for a datapoint's linked attachments (JSON text):
 * `{"attachment.<name>": {presigned_url, mime_type}}`, or null when it has none. A link
 * that is a path is made absolute on the origin the client called: the Python SDK joins
 * a path to its API URL, which here ends in /compat/langsmith.
 */
export function attachmentUrls(linked: string, origin: string) {
  const entries = Object.entries(JSON.parse(linked) as Record<string, AttachmentLink>);
  if (entries.length === 0) return null;
  return Object.fromEntries(
    entries.map(([name, link]) => [
      `attachment.${name}`,
      { presigned_url: link.url.startsWith('/') ? `${origin}${link.url}` : link.url, mime_type: link.mime_type },
    ]),
  );
}

/**
 * The attachments (`{name: id}`) these examples of the dataset's head have, read a page
 * at a time, and the version read: the write that changes them is made on it (or 409).
 */
export async function heldAttachments(
  offsets: Services['datapointOffsets'],
  caller: Caller,
  datasetId: string,
  ids: string[],
): Promise<{ version?: number; held: Map<string, Named> }> {
  const held = new Map<string, Named>();
  let version: number | undefined;
  const size = Math.min(LIMITS.filterValuesMax, LIMITS.pageSizeMax);
  for (let start = 0; start < ids.length; start += size) {
    const some = ids.slice(start, start + size);
    const listing = { filters: [{ key: 'id', operator: 'in' as const, value: some }] };
    const page = await offsets.page(caller, datasetId, { choice: { version }, listing, offset: 0, limit: some.length });
    version = page.version;
    for (const d of page.items) held.set(d.id, namedOf(d.attachments));
  }
  return { version, held };
}

const namedOf = (linked: string): Named =>
  Object.fromEntries(Object.entries(JSON.parse(linked) as Record<string, AttachmentLink>).map(([name, link]) => [name, link.id]));
