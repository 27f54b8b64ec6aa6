import { Type, type Static } from '@sinclair/typebox';
import { AttachmentId } from './attachments.js';
import { Nullable } from './kit.js';
import { LIMITS } from './limits.js';

/**
 * A version's file tree: paths mapped to attachments of the dataset's project, versioned
 * like datapoints (a LeRobot tree, a Hub repository's files).
 */

export const FilePath = Type.String({
  minLength: 1,
  maxLength: LIMITS.filePathLength,
  description:
    "a relative path, `/`-separated (`meta/info.json`): letters, digits, spaces and `_ - . , + = @ ( ) [ ] ~ ! # $ & ' ;`; " +
    'no leading or trailing `/`, no empty, `.` or `..` segment',
});

/** Characters a path may hold (any script's letters and digits, and punctuation that means nothing to a shell or a URL's path). */
const PATH_CHARS = /^[\p{L}\p{N}\p{M} _\-.,+=@()[\]~!#$&';/]+$/u;

/** Why a path is not one a tree can hold, or null when it is. */
export function filePathProblem(path: string): string | null {
  if (path.length === 0 || path.length > LIMITS.filePathLength) return `must be 1 to ${LIMITS.filePathLength} characters`;
  if (!PATH_CHARS.test(path)) return 'holds a character a path may not (see FilePath)';
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..'))
    return 'must be relative, with no empty, `.` or `..` segment (no leading, trailing or doubled `/`)';
  return null;
}

const FilePut = Type.Object(
  {
    path: FilePath,
    attachment_id: AttachmentId,
    mime_type: Type.Optional(
      Type.String({
        maxLength: LIMITS.mediaTypeLength,
        description: "the media type the file is served as (`video/mp4`); without it, the attachment's",
      }),
    ),
  },
  { additionalProperties: false, description: 'the file at `path` is now this attachment (added, or replacing what was there)' },
);

/** What a commit does to the tree: files put at paths and paths deleted, at most fileChangesMax together. */
export const FileChanges = Type.Object(
  {
    put: Type.Optional(Type.Array(FilePut, { maxItems: LIMITS.fileChangesMax })),
    delete: Type.Optional(Type.Array(FilePath, { maxItems: LIMITS.fileChangesMax, description: 'paths of files to remove' })),
  },
  { title: 'FileChanges', additionalProperties: false },
);
export type FileChanges = Static<typeof FileChanges>;

/** A file of a version, as stored: its path and what attachment it is. */
export interface FileRecord {
  path: string;
  sha256: string;
  size: number;
  mime_type: string;
}

/** Two sides hold the same file: the same bytes, served as the same media type. */
export const sameFile = (a: FileRecord | undefined, b: FileRecord | undefined) =>
  a !== undefined && b !== undefined && a.sha256 === b.sha256 && a.mime_type === b.mime_type;

export const FileEntry = Type.Object(
  {
    path: FilePath,
    attachment_id: AttachmentId,
    sha256: Type.String({ description: 'the SHA-256 of the bytes, in hex (also the ETag)' }),
    size: Type.Integer({ minimum: 0 }),
    mime_type: Type.String(),
    url: Type.String({ description: 'a signed link to the bytes, valid for about an hour, that works without a key' }),
  },
  { title: 'FileEntry' },
);
export type FileEntry = Static<typeof FileEntry>;

export const FileChange = Type.Object(
  {
    change: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed')]),
    path: FilePath,
    before: Nullable(FileEntry),
    after: Nullable(FileEntry),
  },
  { title: 'FileChange' },
);
export type FileChange = Static<typeof FileChange>;
