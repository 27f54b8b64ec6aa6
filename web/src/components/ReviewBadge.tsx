import type { Review } from '@datashelf/client';

export const REVIEW_LABELS: Record<string, string> = { approved: 'approved', needs_fix: 'needs fix', rejected: 'rejected' };

/** A datapoint's review decision as a small labelled mark; nothing when unreviewed. */
export function ReviewBadge({ review }: { review: Review | undefined }) {
  if (!review) return <span className="muted">—</span>;
  return (
    <span className={`review review-${review.state}`} title={review.comment ?? undefined}>
      {REVIEW_LABELS[review.state] ?? review.state}
    </span>
  );
}
