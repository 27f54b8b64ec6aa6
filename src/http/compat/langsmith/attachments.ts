import { badRequest } from '../../../domain/errors.js';

/** A file sent with an example: `<example id>.attachment.<name>` in a multipart body. */
export interface AttachmentPart {
  name: string;
  type: string;
  data: Buffer;
}

/**
 * Where an example's attachments become datashelf attachments: the one place to change
 * when the attachment store comes (an example would then name them, `{name: attachment
 * id}`, and read back `attachment_urls` as signed links). Until then an example that
 * sends or keeps any is refused, before anything is written.
 */
export function refuseAttachments(examples: { attachments: AttachmentPart[]; attachments_operations?: unknown }[]): void {
  const named = examples.some((e) => e.attachments.length > 0 || namesAny(e.attachments_operations));
  if (named) throw badRequest('attachments are not supported yet: send the example without attachments');
}

/** Operations that rename or keep attachments name some; empty ones (the SDK's default) name none. */
function namesAny(operations: unknown): boolean {
  if (typeof operations !== 'object' || operations === null) return false;
  const { rename, retain } = operations as { rename?: unknown; retain?: unknown };
  return (Array.isArray(retain) && retain.length > 0) || (typeof rename === 'object' && rename !== null && Object.keys(rename).length > 0);
}
