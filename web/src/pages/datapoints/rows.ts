import { useCallback, useEffect, useRef, useState } from 'react';
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
  pages: Map<number, Datapoint[]>;
  /** The cursor that reads page p, when the page before told it (null: there is none). */
  cursors: Map<number, string | null>;
  total: number | null;
  version: number | null;
}

const fresh = (): State => ({ pages: new Map(), cursors: new Map([[0, null]]), total: null, version: null });

/**
 * A version's datapoints as a sparse list of pages. A whole listing spans the version
 * (its count known), so any position can be read: by the cursor the page before gave, or
 * by position when the reader jumps. A filtered listing grows a page at a time.
 */
export function useDatapointRows(client: Datashelf, datasetId: string, query: ListingQuery, versionCount: number | null): Rows {
  const [state, setState] = useState<State>(fresh);
  const [error, setError] = useState<unknown>();
  const [reviews, setReviews] = useState<Map<string, Review>>(new Map());
  const inFlight = useRef(new Set<number>());
  // A page that failed is not asked for again by scrolling: its error is shown instead.
  const failed = useRef(new Set<number>());
  const generation = useRef(0);
  const whole = isWhole(query);
  const key = JSON.stringify([datasetId, query]);

  useEffect(() => {
    generation.current += 1;
    inFlight.current.clear();
    failed.current.clear();
    setState(fresh());
    setError(undefined);
    setReviews(new Map());
  }, [key]);

  const loadReviews = useCallback(
    async (rows: Datapoint[], version: number, mine: number) => {
      if (rows.length === 0) return;
      const found = await client.reviews.current(
        datasetId,
        rows.map((d) => d.id),
        String(version),
      );
      if (mine !== generation.current) return;
      setReviews((old) => new Map([...old, ...found.data.map((r) => [r.datapoint_id, r] as const)]));
    },
    [client, datasetId],
  );

  const need = useCallback(
    (index: number) => {
      const p = Math.floor(index / PAGE);
      if (state.pages.has(p) || inFlight.current.has(p) || failed.current.has(p)) return;
      const cursor = state.cursors.get(p);
      if (p > 0 && cursor === undefined && !whole) return; // a filtered listing grows in order
      if (p > 0 && cursor === null && state.cursors.has(p)) return; // past the end
      inFlight.current.add(p);
      const mine = generation.current;
      const params = { ...query, review: query.review as 'approved' | undefined, limit: PAGE, version: query.version || undefined };
      const read =
        p === 0 || cursor
          ? client.page.datapoints(datasetId, { ...params, cursor: cursor ?? undefined }).then((page) => ({ ...page, start: p * PAGE }))
          : client.page.rowsAt(datasetId, { row: p * PAGE, version: query.version || undefined });
      read.then(
        (page) => {
          inFlight.current.delete(p);
          if (mine !== generation.current) return;
          setState((s) => {
            const pages = new Map(s.pages).set(p, page.data);
            const cursors = new Map(s.cursors).set(p + 1, page.next_cursor);
            const total = 'total' in page ? page.total : s.total;
            return { pages, cursors, total, version: page.version };
          });
          void loadReviews(page.data, page.version, mine).catch(setError);
        },
        (e: unknown) => {
          inFlight.current.delete(p);
          failed.current.add(p);
          if (mine === generation.current) setError(e);
        },
      );
    },
    [client, datasetId, query, state, whole, loadReviews],
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
    loading: inFlight.current.size > 0,
    error,
    need,
    reviews,
    setReview: (review) => setReviews((old) => new Map(old).set(review.datapoint_id, review)),
  };
}
