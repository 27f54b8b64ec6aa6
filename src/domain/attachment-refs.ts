import { ATTACHMENT_URI, attachmentsReferencedIn, sha256Of } from '../model/attachments.js';
import { useAttachments } from '../store/attachments.js';
import type { Queryable } from '../store/store.js';
import { invalid } from './errors.js';

/** The attachment ids each content names, by name (its stored JSON text, `{}` for most). */
export const namedIn = (attachments: string): Record<string, string> =>
  attachments === '{}' ? {} : (JSON.parse(attachments) as Record<string, string>);

/** The fields whose values may point at the datapoint's attachments (`attachment://<name>`). */
const REFERRING_FIELDS = ['input', 'expected_output', 'output', 'context', 'metadata'] as const;

type Referring = Record<(typeof REFERRING_FIELDS)[number] | 'attachments', string>;

/**
 * Refuses contents whose values point at an attachment (`attachment://<name>`) they do
 * not have under that name: a reference always resolves within its own datapoint.
 */
export function refuseDanglingReferences(contents: Referring[], places: string[]): void {
  const dangling = contents.flatMap((content, i) => {
    const names = namedIn(content.attachments);
    return REFERRING_FIELDS.flatMap((field) =>
      attachmentsReferencedIn(content[field])
        .filter((name) => !Object.hasOwn(names, name))
        .map((name) => ({
          field: `${places[i]}/${field}`,
          message: `points at ${ATTACHMENT_URI}${name}, but the datapoint has no attachment named "${name}"`,
        })),
    );
  });
  if (dangling.length === 0) return;
  throw invalid(`${dangling[0].field} ${dangling[0].message} (name it in the datapoint's attachments)`, dangling.slice(0, 100));
}

/**
 * Refuses contents that name an attachment the project does not hold, with one query
 * for all of them, and marks those named as used at `at`. Another project's attachment is refused alike, whatever bytes it has:
 * a commit never tells whether anyone else holds a file.
 */
export async function refuseUnknownAttachments(
  q: Queryable,
  projectId: string | null,
  contents: { attachments: string }[],
  places: string[],
  at: string,
): Promise<void> {
  const named = contents.map((c) => namedIn(c.attachments));
  const ids = [...new Set(named.flatMap((n) => Object.values(n)))];
  if (ids.length === 0) return;
  // Marking them used keeps the collector off them until this commit is long visible.
  const held = new Set(projectId === null ? [] : (await useAttachments(q, projectId, ids.map(sha256Of), at)).map((a) => a.id));
  const unknown = named.flatMap((n, i) =>
    Object.entries(n)
      .filter(([, id]) => !held.has(id))
      .map(([name, id]) => ({ field: `${places[i]}/attachments/${name}`, message: `no attachment ${id} in this project` })),
  );
  if (unknown.length === 0) return;
  throw invalid(`${unknown[0].field}: ${unknown[0].message} (upload it with POST /v1/attachments first)`, unknown.slice(0, 100));
}
