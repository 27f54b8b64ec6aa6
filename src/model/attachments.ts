import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Timestamp } from './kit.js';
import { LIMITS } from './limits.js';

/** An attachment's id: the SHA-256 of its bytes, so the same bytes always have the same id. */
export const AttachmentId = Type.String({
  pattern: '^sha256:[0-9a-f]{64}$',
  maxLength: 71,
  description: '`sha256:` and the 64 hex digits of the SHA-256 of the bytes',
});

export const AttachmentParams = Type.Object({ id: AttachmentId });

export const AttachmentUploadQuery = Type.Object(
  {
    filename: Type.Optional(
      Type.String({ minLength: 1, maxLength: LIMITS.attachmentFilenameLength, description: 'the name the file is known by' }),
    ),
  },
  { additionalProperties: false },
);

export const Attachment = Type.Object(
  {
    id: AttachmentId,
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'the 64 lower-case hex digits of the SHA-256 of the bytes' }),
    size: Type.Integer({ minimum: 0 }),
    mime_type: Type.String({ maxLength: LIMITS.mediaTypeLength }),
    filename: Nullable(Type.String({ maxLength: LIMITS.attachmentFilenameLength })),
    created_at: Timestamp,
  },
  { title: 'Attachment' },
);
export type Attachment = Static<typeof Attachment>;

/** What a datapoint holds: a name for each of its files (`image`, `audio`) and the attachment it is. */
export const AttachmentRefs = Type.Record(Type.String(), AttachmentId, {
  maxProperties: LIMITS.attachmentsPerDatapoint,
  propertyNames: { minLength: 1, maxLength: LIMITS.attachmentNameLength },
  description: 'name -> attachment id (`sha256:…`) of an attachment this project uploaded',
});

/** An attachment as a datapoint read shows it: what it is, and a signed link to its bytes that works without a key. */
export const AttachmentLink = Type.Object(
  {
    id: AttachmentId,
    mime_type: Type.String(),
    size: Type.Integer({ minimum: 0 }),
    filename: Nullable(Type.String()),
    url: Type.String({ description: 'a signed link to the bytes, valid for about an hour; altered or expired, it answers 403' }),
  },
  { title: 'AttachmentLink' },
);
export type AttachmentLink = Static<typeof AttachmentLink>;

export const UploadCreate = Type.Object(
  {
    mime_type: Type.String({ minLength: 1, maxLength: LIMITS.mediaTypeLength, description: 'the media type the file is served as' }),
    filename: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.attachmentFilenameLength })),
  },
  { title: 'UploadCreate', additionalProperties: false },
);
export type UploadCreate = Static<typeof UploadCreate>;

export const UploadPart = Type.Object({ part: Type.Integer({ minimum: 1 }), size: Type.Integer({ minimum: 0 }) }, { title: 'UploadPart' });

export const Upload = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    mime_type: Type.String(),
    filename: Nullable(Type.String()),
    created_at: Timestamp,
    parts: Type.Array(UploadPart, { description: 'the parts received so far, by number' }),
  },
  { title: 'Upload' },
);
export type Upload = Static<typeof Upload>;

export const ReceivedPart = Type.Object(
  { part: Type.Integer(), size: Type.Integer(), sha256: Type.String({ description: 'the SHA-256 of the part, in hex' }) },
  { title: 'ReceivedPart' },
);

export const UploadParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const PartParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  part: Type.Integer({ minimum: 1, maximum: LIMITS.uploadPartsMax }),
});

export const UploadComplete = Type.Object(
  {
    sha256: Type.String({
      pattern: '^[0-9a-f]{64}$',
      description: 'the 64 lower-case hex digits of the SHA-256 of the whole file: checked against what the parts make',
    }),
  },
  { title: 'UploadComplete', additionalProperties: false },
);

/** What a signed link adds to the attachment's path. */
export const LinkQuery = Type.Object(
  {
    project: Type.String({ format: 'uuid' }),
    expires: Type.Integer({ minimum: 0, maximum: LIMITS.integerMax, description: 'Unix seconds' }),
    signature: Type.String({ minLength: 1, maxLength: 64 }),
    type: Type.Optional(
      Type.String({
        maxLength: LIMITS.mediaTypeLength,
        description: 'the media type the bytes are served as (a file of a tree), signed with the rest',
      }),
    ),
  },
  { additionalProperties: false },
);

export const attachmentId = (sha256: string) => `sha256:${sha256}`;
export const sha256Of = (id: string) => id.slice('sha256:'.length);

/**
 * How a value inside a datapoint's content points at one of the datapoint's own
 * attachments: the string `attachment://<name>`, e.g. the `url` of an OpenAI chat image
 * part. It names the file, not its bytes' id, so replacing the attachment keeps it.
 */
export const ATTACHMENT_URI = 'attachment://';

/** The attachment names the strings inside a JSON text point at (`attachment://<name>`). */
export function attachmentsReferencedIn(jsonText: string): string[] {
  if (!jsonText.includes(ATTACHMENT_URI)) return [];
  const names: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.startsWith(ATTACHMENT_URI)) names.push(value.slice(ATTACHMENT_URI.length));
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(JSON.parse(jsonText));
  return names;
}
