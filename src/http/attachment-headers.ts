import type { FastifyReply } from 'fastify';
import type { Attachment } from '../model/attachments.js';

/** Media types a browser may show in place: raster images, audio, video and PDF. SVG and HTML can run script: never. */
const INLINE = /^(image\/(png|jpeg|gif|webp|avif|bmp|tiff|x-icon|vnd\.microsoft\.icon)|audio\/[^;]+|video\/[^;]+|application\/pdf)$/;

export const isInline = (mimeType: string) => INLINE.test(mimeType.split(';')[0].trim());

/** `filename*` in RFC 8187's encoding, and a plain ASCII fallback. */
function dispositionOf(attachment: Attachment): string {
  const kind = isInline(attachment.mime_type) ? 'inline' : 'attachment';
  const name = attachment.filename;
  if (name === null) return kind;
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The headers every served attachment carries: its bytes are whatever a project
 * uploaded, so a browser must neither guess another type (nosniff) nor run anything in
 * them (a sandbox with no sources), and only media safe to show is shown in place.
 */
export function attachmentHeaders(reply: FastifyReply, attachment: Attachment): FastifyReply {
  return reply
    .header('content-type', attachment.mime_type)
    .header('etag', `"${attachment.sha256}"`)
    .header('accept-ranges', 'bytes')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox")
    .header('content-disposition', dispositionOf(attachment))
    .header('cache-control', 'private, max-age=31536000, immutable');
}
