import { useState } from 'react';
import { Link } from 'react-router';
import type { Version } from '@datashelf/client';
import { isVersionConflict } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { changeSetOf, type DraftState } from '../draft';
import { useClient } from '../session';

/**
 * The draft's changes, committed as one version with a message, or discarded. A failed
 * commit keeps the draft; a stale base is explained, and the edits can be laid on the new head.
 */
export function DraftBar({
  datasetId,
  draft,
  onCommitted,
  onHeadMoved,
}: {
  datasetId: string;
  draft: DraftState;
  onCommitted: (v: Version) => void;
  /** The dataset's head moved under the draft: read it again. */
  onHeadMoved: () => void;
}) {
  const client = useClient();
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // The head a refused commit found: read at the refusal, not from the page as it loaded.
  const [head, setHead] = useState<number>();
  if (!draft.draft) return null;
  const d = draft.draft;
  const commit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const version = await client.versions.commit(datasetId, changeSetOf(d, message));
      draft.discard();
      setMessage('');
      onCommitted(version);
    } catch (e) {
      setError(e);
      if (isVersionConflict(e)) {
        setHead((await client.datasets.get(datasetId)).head_version);
        onHeadMoved();
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="draft-bar" aria-label="Draft">
      <p>
        <strong>Draft</strong> on version {d.base}: {d.add.length} added, {Object.keys(d.update).length} edited, {d.delete.length} deleted.
      </p>
      <label>
        Commit message
        <input value={message} onChange={(e) => setMessage(e.target.value)} maxLength={1000} />
      </label>
      <button type="button" onClick={() => void commit()} disabled={busy}>
        {busy ? 'Committing…' : 'Commit'}
      </button>
      <button type="button" onClick={() => window.confirm('Discard every change in the draft?') && draft.discard()}>
        Discard
      </button>
      {isVersionConflict(error) ? (
        <div className="error" role="alert">
          <strong>The dataset changed since this draft began.</strong>
          <p>
            Your draft was made on version {d.base}; the dataset is now at version {head ?? '…'}. Nothing was committed and your edits are
            kept. Look at what changed (<Link to={`/datasets/${datasetId}/diff?from=${d.base}&to=${head ?? ''}`}>the changes since</Link>),
            then commit them on top of the latest version.
          </p>
          {head !== undefined && (
            <button
              type="button"
              onClick={() => {
                draft.rebase(head);
                setError(undefined);
              }}
            >
              Keep my edits on version {head}
            </button>
          )}
        </div>
      ) : (
        <ErrorNote error={error} action="The commit failed; your draft is kept" />
      )}
    </section>
  );
}
