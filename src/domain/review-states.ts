import type { Store } from '../store/store.js';
import * as store from '../store/review-states.js';
import { findDatapoint } from '../store/datapoints.js';
import type { Review, ReviewCreate } from '../model/review-states.js';
import { projectOf, type Caller } from './caller.js';
import type { Clock } from './clock.js';
import { audit } from './audit.js';
import { stampOf } from './stamp.js';
import type { Page } from './cursor.js';
import { notFound } from './errors.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import type { DatasetService } from './datasets.js';
import { chosenVersion, type VersionChoice } from './versions/select.js';

const withoutSeq = ({ seq: _seq, ...review }: store.ReviewRecord): Review => review;

/**
 * Review decisions on datapoints: approved, needs a fix, rejected, with a comment. A
 * decision is made on the content a reviewer read, so it holds in every version showing
 * that content and lapses when the datapoint is edited (the edit is for review again).
 */
export class ReviewService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly clock: Clock,
  ) {}

  /** Records a decision on the datapoint as it is in the version asked (default the head); audited. */
  async review(caller: Caller, datasetId: string, datapointId: string, input: ReviewCreate): Promise<Review> {
    const dataset = await this.datasets.get(caller, datasetId);
    const stamp = stampOf(caller, this.clock);
    return this.store.transaction(async (tx) => {
      const version = await chosenVersion(tx, dataset, { version: input.version });
      const datapoint = await findDatapoint(tx, dataset.seq, version, datapointId);
      if (!datapoint) throw notFound(`datapoint in version ${version}`);
      const comment = input.comment ?? null;
      await store.insertReview(tx, {
        dataset_seq: dataset.seq,
        datapoint_seq: datapoint.seq,
        datapoint_id: datapoint.id,
        version,
        content_version: datapoint.version,
        state: input.state,
        comment,
        key_id: stamp.key_id,
        user_id: stamp.user_id,
        created_at: stamp.at,
      });
      const detail = { datapoint_id: datapoint.id, state: input.state, version, content_version: datapoint.version, comment };
      await audit(tx, projectOf(caller), stamp, { action: 'review.set', dataset_id: dataset.id, detail });
      const [made] = await store.currentReviews(tx, dataset.seq, version, [datapoint.id]);
      return withoutSeq(made);
    });
  }

  /** The decision holding on each of these datapoints in a version, for those that have one. */
  async current(caller: Caller, datasetId: string, ids: string[], choice: VersionChoice): Promise<{ version: number; data: Review[] }> {
    const dataset = await this.datasets.readable(caller, datasetId);
    const version = await chosenVersion(this.store, dataset, choice);
    const found = await store.currentReviews(this.store, dataset.seq, version, [...new Set(ids)]);
    return { version, data: found.map(withoutSeq) };
  }

  /** Every decision on a datapoint, newest first, whatever content it was made on. */
  async history(caller: Caller, datasetId: string, datapointId: string, page: PageRequest): Promise<Page<Review>> {
    const dataset = await this.datasets.readable(caller, datasetId);
    const before = cursorKey<[number]>('review', page.cursor, ['number']);
    const rows = await store.reviewHistory(this.store, dataset.seq, datapointId, before?.[0] ?? null, page.limit + 1);
    return pageOf(rows, page.limit, 'review', (r) => [r.seq], withoutSeq);
  }
}
