// Loads trace search results page by page following `nextCursor`; reloads from the top on filter change or refresh.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { apiGet, apiUrl } from '../../api/client.js';
import type { TraceSearchResponse, TraceSummary } from '../../api/types.js';
import type { TraceFilters } from '../../lib/filters.js';
import { filtersToApiParams } from '../../lib/filters.js';

export const PAGE_SIZE = 50;

export interface TracePages {
  traces: TraceSummary[];
  nextCursor: string | null;
  loading: boolean;
  error: string | null;
  loadMore: () => void;
  refresh: () => void;
  /** Auto-refresh: reload when only the first page is shown, else prepend new traces and keep the scroll. */
  refreshNewest: () => void;
}

export function useTracePages(filters: TraceFilters, filterKey: string): TracePages {
  const [traces, setTraces] = useState<TraceSummary[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  // The resolved time window of the first page; later pages must use the same one or the cursor drifts.
  const baseParams = useRef<Record<string, unknown>>({});
  const ctrl = useRef<AbortController | null>(null);
  const pagesLoaded = useRef(0);
  const latestFilters = useRef(filters);
  latestFilters.current = filters;

  const fetchPage = useCallback(async (cursor: string | null, append: boolean) => {
    ctrl.current?.abort();
    const c = new AbortController();
    ctrl.current = c;
    setLoading(true);
    try {
      const url = apiUrl('/api/v1/traces', { ...(baseParams.current as object), limit: PAGE_SIZE, cursor: cursor ?? undefined });
      const res = await apiGet<TraceSearchResponse>(url, c.signal);
      const page = Array.isArray(res.traces) ? res.traces : [];
      pagesLoaded.current = append ? pagesLoaded.current + 1 : 1;
      setTraces((prev) => (append ? [...prev, ...page.filter((t) => !prev.some((p) => p.traceId === t.traceId))] : page));
      setNextCursor(res.nextCursor ?? null);
      setError(null);
      setLoading(false);
    } catch (err) {
      if ((err as Error)?.name === 'AbortError') return;
      setError((err as Error).message);
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    baseParams.current = filtersToApiParams(filters, Date.now());
    fetchPage(null, false);
    return () => ctrl.current?.abort();
    // filterKey is the serialized filters: a new object with the same content must not refetch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filterKey, tick]);

  const loadMore = useCallback(() => {
    if (nextCursor && !loading) fetchPage(nextCursor, true);
  }, [nextCursor, loading, fetchPage]);
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  const refreshNewest = useCallback(async () => {
    if (pagesLoaded.current <= 1) return refresh();
    try {
      const params = filtersToApiParams(latestFilters.current, Date.now());
      const res = await apiGet<TraceSearchResponse>(apiUrl('/api/v1/traces', { ...params, limit: PAGE_SIZE }));
      const fresh = Array.isArray(res.traces) ? res.traces : [];
      setTraces((prev) => [...fresh.filter((t) => !prev.some((p) => p.traceId === t.traceId)), ...prev]);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [refresh]);
  return { traces, nextCursor, loading, error, loadMore, refresh, refreshNewest };
}
