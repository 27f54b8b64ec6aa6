import { formatBytes, type AttachmentLink, type FileEntry } from '@datashelf/client';

/** A datapoint's files by name: links as reads give them, or bare ids (a draft's, not yet committed). */
export type AttachmentMap = Record<string, AttachmentLink | string>;

export type AttachmentKind = 'image' | 'audio' | 'video' | 'pdf' | 'file';

const ID = /^sha256:[0-9a-f]{64}$/;
/** The raster images the server serves inline; SVG is served as a download, so it is a file here too. */
const RASTER = /^image\/(png|jpeg|gif|webp|avif|bmp|tiff|x-icon|vnd\.microsoft\.icon)$/;
/** How a value inside the content points at one of the datapoint's attachments (see docs/api-guide.md). */
const REFERENCE = /^attachment:\/\/(.+)$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const isAttachmentId = (v: unknown): v is string => typeof v === 'string' && ID.test(v);

/** An attachment as a read gives it: `{id, mime_type, size, filename, url}`. */
export function isAttachmentLink(v: unknown): v is AttachmentLink {
  return isObject(v) && isAttachmentId(v.id) && typeof v.url === 'string' && typeof v.mime_type === 'string';
}

/**
 * The value as a datapoint's attachments, or null: a map of links (any read), or of ids
 * when it is the very map the datapoint in view names (a draft's edit, before its commit).
 */
export function attachmentMap(value: unknown, named?: unknown): AttachmentMap | null {
  if (!isObject(value)) return null;
  const entries = Object.values(value);
  if (entries.length === 0) return null;
  if (entries.every(isAttachmentLink)) return value as AttachmentMap;
  if (value === named && entries.every((v) => isAttachmentLink(v) || isAttachmentId(v))) return value as AttachmentMap;
  return null;
}

/** How a file is shown: by its media type (its parameters aside). */
export function kindOf(mimeType: string): AttachmentKind {
  const type = mimeType.split(';')[0].trim().toLowerCase();
  if (RASTER.test(type)) return 'image';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  if (type === 'application/pdf') return 'pdf';
  return 'file';
}

/**
 * Where an image part of a chat message (`image_url.url`) can be loaded from: inline data,
 * or one of the datapoint's attachments named as `attachment://<name>` (or by its id
 * `sha256:…`), through its signed link. Anything else (a remote URL, which the page's CSP
 * would not load) is null.
 */
export function imageSource(url: string, attachments: AttachmentMap | undefined): string | null {
  if (url.startsWith('data:image/')) return url;
  const named = REFERENCE.exec(url)?.[1];
  const found = named !== undefined ? attachments?.[named] : Object.values(attachments ?? {}).find((a) => idOf(a) === url);
  return isAttachmentLink(found) && kindOf(found.mime_type) === 'image' ? found.url : null;
}

export const idOf = (a: { id: string } | string) => (typeof a === 'string' ? a : a.id);

/** A file in words: its name, media type and size. */
export const describeFile = (a: { filename: string | null; mime_type: string; size: number }) =>
  [a.filename, a.mime_type, formatBytes(a.size)].filter(Boolean).join(' · ');

/** A map of links or ids as the ids a commit names. */
export const idsOf = (attachments: AttachmentMap | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(attachments ?? {}).map(([name, a]) => [name, idOf(a)]));

/** A file of a version's tree as the attachment views show one: named by the last part of its path. */
export const fileLink = (file: FileEntry): AttachmentLink => ({
  id: file.attachment_id,
  mime_type: file.mime_type,
  size: file.size,
  filename: file.path.split('/').pop() ?? file.path,
  url: file.url,
});

export type FilePreviewKind = 'media' | 'parquet' | 'text';

const TEXT_FILE = /\.(json|jsonl|ndjson|md|txt)$/i;

/** How a file of a tree is previewed, if at all: by what it is (image, audio, video, PDF), else by its name. */
export function previewOf(file: { path: string; mime_type: string }): FilePreviewKind | null {
  if (kindOf(file.mime_type) !== 'file') return 'media';
  if (/\.parquet$/i.test(file.path)) return 'parquet';
  return TEXT_FILE.test(file.path) ? 'text' : null;
}
