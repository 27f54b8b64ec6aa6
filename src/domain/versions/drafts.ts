import { timeOrderedUuid } from '../time-ordered-id.js';
import type { DatapointWrite } from '../../store/datapoint-rows.js';
import type { DatapointFields } from '../../model/datapoints.js';
import { invalid } from '../errors.js';
import { newContent } from '../datapoint-content.js';

/** A new datapoint's content before its commit gives it its place: `order` is null when the client named none. */
export type Draft = Omit<DatapointWrite, 'order'> & { order: number | null };

/**
 * A new datapoint's content, made apart from any commit (an import drafts on its reading
 * thread while its commit writes on another): its own id or a fresh one, its own order
 * or none yet (Commit.place gives the next). Fresh ids are time-ordered (UUIDv7): the
 * (dataset, id) index then grows at its end, where random ids dirtied a page of it per
 * row written (a third of a bulk import's insert time on SQLite, see bench/README.md).
 */
export function unplacedDraft(
  fields: DatapointFields,
  at: string,
  stampedAt: string,
  identity: { id?: string; source_hash?: string } = {},
): Draft {
  if (fields.order !== undefined && fields.order > Number.MAX_SAFE_INTEGER) {
    throw invalid(`${at}: order is too large`, [{ field: `${at}/order`, message: 'too large' }]);
  }
  // Completed in place: a copy of every datapoint's content showed in an import's profile.
  const draft = newContent(fields, { id: identity.id ?? timeOrderedUuid(), seq: 0, order: 0 }) as Draft;
  draft.order = fields.order ?? null;
  draft.created_at = stampedAt;
  draft.updated_at = stampedAt;
  draft.source_hash = identity.source_hash ?? null;
  return draft;
}
