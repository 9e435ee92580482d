// Data loading hook: fetches JSON for a URL, cancels stale requests, exposes errors as readable text.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { apiGet } from '../api/client.js';

export interface ApiState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** `url` null means "nothing to load yet". Data from the previous URL stays visible while the next loads. */
export function useApi<T>(url: string | null): ApiState<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({
    data: null,
    error: null,
    loading: url !== null,
  });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    if (url === null) return;
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    apiGet<T>(url, ctrl.signal).then(
      (data) => setState({ data, error: null, loading: false }),
      (err: Error) => {
        if (err?.name !== 'AbortError') setState((s) => ({ data: s.data, error: err.message || String(err), loading: false }));
      },
    );
    return () => ctrl.abort();
  }, [url, tick]);
  return { ...state, reload };
}

/** Like useApi but tolerates failure silently (optional endpoints such as /api/v1/models). */
export function useOptionalList(url: string, field: string): string[] {
  const [list, setList] = useState<string[]>([]);
  const done = useRef(false);
  useEffect(() => {
    if (done.current) return;
    done.current = true;
    apiGet<Record<string, unknown>>(url).then(
      (body) => {
        const value = body?.[field];
        if (Array.isArray(value)) setList(value.filter((v): v is string => typeof v === 'string'));
      },
      () => setList([]),
    );
  }, [url, field]);
  return list;
}

/** A list the API pages with `nextCursor`: the first page from `url`, then "load more" pages appended. */
export interface CursorList<T> extends ApiState<unknown> {
  rows: T[];
  /** A later page failed to load (the rows so far stay). */
  moreError: string | null;
  /** More pages follow. */
  hasMore: boolean;
  loadMore: () => Promise<void>;
}

export function useCursorList<R extends { nextCursor: string | null }, T>(url: string, itemsOf: (page: R) => T[]): CursorList<T> {
  const first = useApi<R>(url);
  const [more, setMore] = useState<{ forUrl: string; rows: T[]; cursor: string | null; error: string | null }>({ forUrl: '', rows: [], cursor: null, error: null });
  // Pages loaded for another URL (the filters changed) no longer count.
  const extra = more.forUrl === url ? more : { rows: [], cursor: first.data?.nextCursor ?? null, error: null };
  const cursor = extra.rows.length ? extra.cursor : first.data?.nextCursor ?? null;
  const loadMore = async () => {
    if (!cursor) return;
    try {
      const page = await apiGet<R>(`${url}&cursor=${encodeURIComponent(cursor)}`);
      setMore({ forUrl: url, rows: [...extra.rows, ...itemsOf(page)], cursor: page.nextCursor ?? null, error: null });
    } catch (err) {
      setMore({ ...extra, forUrl: url, error: (err as Error).message });
    }
  };
  return { ...first, rows: [...(first.data ? itemsOf(first.data) : []), ...extra.rows], moreError: extra.error, hasMore: cursor !== null, loadMore };
}
