import type { CursorList } from '../hooks';
import { ErrorNote } from './ErrorNote';

/** The foot of a cursor-paged list: its error, and a button for the next page while there is one. */
export function MoreButton({ list, what }: { list: CursorList<unknown>; what: string }) {
  return (
    <>
      <ErrorNote error={list.error} action={`Loading ${what} failed`} />
      {list.loading && <p aria-live="polite">Loading…</p>}
      {!list.loading && !list.done && (
        <button type="button" onClick={list.more}>
          Load more {what}
        </button>
      )}
      {list.done && list.items.length === 0 && <p className="muted">No {what} yet.</p>}
    </>
  );
}
