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
