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

export const attachmentId = (sha256: string) => `sha256:${sha256}`;
export const sha256Of = (id: string) => id.slice('sha256:'.length);
