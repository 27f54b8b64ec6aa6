import { useState, type FormEvent } from 'react';
import type { Review } from '@datashelf/client';
import { useCatalogue } from '../catalogue';
import { when } from '../format';
import { useClient } from '../session';
import { ErrorNote } from './ErrorNote';
import { REVIEW_LABELS, ReviewBadge } from './ReviewBadge';

/** Marks a datapoint, as it is in a version, approved, needing a fix or rejected, with a comment; stored on the server. */
export function ReviewControl({
  datasetId,
  datapointId,
  version,
  review,
  onReviewed,
}: {
  datasetId: string;
  datapointId: string;
  version: string | undefined;
  review: Review | undefined;
  onReviewed: (review: Review) => void;
}) {
  const client = useClient();
  const { reviewStates } = useCatalogue();
  const [comment, setComment] = useState(review?.comment ?? '');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const mark = async (state: string, event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const made = await client.reviews.create(datasetId, datapointId, {
        state: state as Review['state'],
        comment: comment.trim() || null,
        ...(version && { version }),
      });
      onReviewed(made);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="review-control" aria-label="Review">
      <h3>
        Review <ReviewBadge review={review} />
      </h3>
      {review && (
        <p className="muted">
          by {review.user_name ?? review.key_name ?? 'a deleted key'} · {when(review.created_at)}
          {review.comment ? ` · “${review.comment}”` : ''}
        </p>
      )}
      <label>
        Comment
        <textarea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={10_000} />
      </label>
      <div className="row" role="group" aria-label="Mark as">
        {reviewStates.map((state) => (
          <button key={state} type="button" className={`review-button review-${state}`} disabled={busy} onClick={() => void mark(state)}>
            {REVIEW_LABELS[state] ?? state}
          </button>
        ))}
      </div>
      <ErrorNote error={error} action="Reviewing failed" />
    </section>
  );
}
