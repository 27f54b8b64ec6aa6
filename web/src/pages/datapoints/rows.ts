import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Datapoint, Datashelf, Review } from '@datashelf/client';

/** Rows per page: the server's page for jumps by position. */
export const PAGE = 200;

export interface ListingQuery {
  q?: string;
  split?: string;
  tag?: string[];
  review?: string;
  version?: string;
  filters?: string;
}

/** Whether the listing keeps every datapoint of its version: only then are positions known, and jumps possible. */
export const isWhole = (q: ListingQuery) => !q.q && !q.split && !q.tag?.length && !q.review && !q.filters;

export interface Rows {
  /** The datapoint at a position, once its page is loaded. */
  at: (index: number) => Datapoint | undefined;
  /** Rows the listing has: the version's count for a whole listing, else those loaded (one more while more may come). */
  count: number;
  /** Known total (whole listings), or the filtered count once every page is in. */
  total: number | null;
  loaded: number;
  done: boolean;
  loading: boolean;
  error: unknown;
  /** The position of a loaded datapoint, or -1. */
  indexOf: (id: string) => number;
  /** Ask for the page holding this position (no-op when loaded or loading). */
  need: (index: number) => void;
  /** The review holding on each loaded datapoint, by id. */
  reviews: Map<string, Review>;
  setReview: (review: Review) => void;
}

interface State {
  /** The listing these pages belong to. */
  key: string;
  pages: Map<number, Datapoint[]>;
  /** The cursor that reads page p, when the page before told it (null: there is none). */
  cursors: Map<number, string | null>;
  total: number | null;
  version: number | null;
}

/**
 * The pages asked for by one listing. Each is asked for once, in flight, loaded or failed
 * (a page that failed is not asked for again by scrolling: its error is shown instead).
 */
interface Requests {
  key: string;
  asked: Set<number>;
  inFlight: Set<number>;
}

const fresh = (key: string): State => ({ key, pages: new Map(), cursors: new Map([[0, null]]), total: null, version: null });
const requestsFor = (key: string): Requests => ({ key, asked: new Set(), inFlight: new Set() });

/**
 * A version's datapoints as a sparse list of pages. A whole listing spans the version
 * (its count known), so any position can be read: by the cursor the page before gave, or
 * by position when the reader jumps. A filtered listing grows a page at a time.
 */
export function useDatapointRows(client: Datashelf, datasetId: string, query: ListingQuery, versionCount: number | null): Rows {
  const key = JSON.stringify([datasetId, query]);
  const [stored, setStored] = useState<State>(() => fresh(key));
  // Pages kept for another listing are not this one's: a new query starts empty in the same render.
  const state = useMemo(() => (stored.key === key ? stored : fresh(key)), [stored, key]);
  const [error, setError] = useState<unknown>();
  const [reviews, setReviews] = useState<Map<string, Review>>(new Map());
  // Which pages were asked for is bookkeeping read by callbacks from any render (effects of
  // an older render run after a page arrives), so it lives outside React's state: a page is
  // asked for once per listing even by a caller holding a stale view of the loaded pages.
  const requests = useRef<Requests>(requestsFor(key));
  if (requests.current.key !== key) requests.current = requestsFor(key);
  const whole = isWhole(query);

  useEffect(() => {
    setError(undefined);
    setReviews(new Map());
  }, [key]);

  const loadReviews = useCallback(
    async (rows: Datapoint[], version: number, mine: Requests) => {
      if (rows.length === 0) return;
      const found = await client.reviews.current(
        datasetId,
        rows.map((d) => d.id),
        String(version),
      );
      if (mine !== requests.current) return;
      setReviews((old) => new Map([...old, ...found.data.map((r) => [r.datapoint_id, r] as const)]));
    },
    [client, datasetId],
  );

  const need = useCallback(
    (index: number) => {
      const mine = requests.current;
      if (mine.key !== key) return; // a caller holding an older listing
      const p = Math.floor(index / PAGE);
      if (mine.asked.has(p) || state.pages.has(p)) return;
      const cursor = state.cursors.get(p);
      if (p > 0 && cursor === undefined && !whole) return; // a filtered listing grows in order
      if (p > 0 && cursor === null && state.cursors.has(p)) return; // past the end
      mine.asked.add(p);
      mine.inFlight.add(p);
      const params = { ...query, review: query.review as 'approved' | undefined, limit: PAGE, version: query.version || undefined };
      const read =
        p === 0 || cursor
          ? client.page.datapoints(datasetId, { ...params, cursor: cursor ?? undefined }).then((page) => ({ ...page, start: p * PAGE }))
          : client.page.rowsAt(datasetId, { row: p * PAGE, version: query.version || undefined });
      read.then(
        (page) => {
          mine.inFlight.delete(p);
          if (mine !== requests.current) return;
          setStored((old) => {
            const s = old.key === mine.key ? old : fresh(mine.key);
            const pages = new Map(s.pages).set(p, page.data);
            const cursors = new Map(s.cursors).set(p + 1, page.next_cursor);
            const total = 'total' in page ? page.total : s.total;
            return { key: s.key, pages, cursors, total, version: page.version };
          });
          void loadReviews(page.data, page.version, mine).catch(setError);
        },
        (e: unknown) => {
          mine.inFlight.delete(p);
          if (mine === requests.current) setError(e);
        },
      );
    },
    [client, datasetId, key, query, state, whole, loadReviews],
  );

  useEffect(() => {
    need(0);
  }, [need]);

  const pageNumbers = [...state.pages.keys()];
  const loaded = [...state.pages.values()].reduce((n, rows) => n + rows.length, 0);
  const lastPage = pageNumbers.length ? Math.max(...pageNumbers) : -1;
  const done = state.cursors.get(lastPage + 1) === null;
  const total = whole ? (state.total ?? versionCount) : done ? loaded : null;
  return {
    at: (index) => state.pages.get(Math.floor(index / PAGE))?.[index % PAGE],
    indexOf: (id) => {
      for (const [p, rows] of state.pages) {
        const i = rows.findIndex((d) => d.id === id);
        if (i !== -1) return p * PAGE + i;
      }
      return -1;
    },
    count: total ?? loaded + (done ? 0 : 1),
    total,
    loaded,
    done,
    loading: requests.current.inFlight.size > 0,
    error,
    need,
    reviews,
    setReview: (review) => setReviews((old) => new Map(old).set(review.datapoint_id, review)),
  };
}
