import { useCallback, useEffect, useRef, useState } from 'react';
import type { CursorPage } from '@datashelf/client';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** The result of an async load, run again when `deps` change; a late answer to an old request is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
    // The caller names what the load depends on; the closure itself is new every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);
  return { data: state.data, error: state.error, loading: state.loading, reload: useCallback(() => setRound((r) => r + 1), []) };
}

export interface CursorList<T> {
  items: T[];
  error: unknown;
  loading: boolean;
  done: boolean;
  /** Fetches the next page (no-op while one is in flight or when there is none). */
  more: () => void;
  reload: () => void;
}

/** A cursor-paged listing, one page at a time as the view asks; starts over when `deps` change. */
export function useCursorList<T>(fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>, deps: unknown[]): CursorList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);
  const [round, setRound] = useState(0);
  const cursor = useRef<string | null | undefined>(undefined);
  const inFlight = useRef(false);
  const generation = useRef(0);

  const fetchNext = useCallback(() => {
    if (inFlight.current || cursor.current === null) return;
    inFlight.current = true;
    setLoading(true);
    const mine = generation.current;
    fetchPage(cursor.current).then(
      (page) => {
        if (mine !== generation.current) return;
        cursor.current = page.next_cursor;
        setItems((old) => old.concat(page.data));
        inFlight.current = false;
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== generation.current) return;
        setError(e);
        inFlight.current = false;
        setLoading(false);
      },
    );
    // As in useLoad: the caller's deps say when the listing starts over.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);

  useEffect(() => {
    generation.current += 1;
    cursor.current = undefined;
    inFlight.current = false;
    setItems([]);
    setError(undefined);
    fetchNext();
  }, [fetchNext]);

  return {
    items,
    error,
    loading,
    done: cursor.current === null,
    more: fetchNext,
    reload: useCallback(() => setRound((r) => r + 1), []),
  };
}

/** The value once it has stopped changing for `ms`: typing in a search box asks the server once, not per key. */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
