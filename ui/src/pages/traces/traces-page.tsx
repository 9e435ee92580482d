// Traces page: filter bar, results table, infinite scroll, auto-refresh, empty state.

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { filtersToApiParams, filtersToQuery, hasNarrowingFilters, parseFilters, withTag } from '../../lib/filters.js';
import { apiDownload, apiUrl } from '../../api/client.js';
import { setQuery } from '../../lib/router.js';
import { ErrorBox, Loading } from '../../components/common.js';
import { FilterBar } from './filter-bar.js';
import { TracesTable } from './traces-table.js';
import { FirstSpanHelp } from './empty-state.js';
import { useTracePages } from './use-trace-pages.js';
import { useTracePreviews } from './use-trace-previews.js';

const REFRESH_MS = 10_000;
const LIVE_KEY = 'watchllm.autoRefresh';

export function TracesPage({ search }: { search: string }) {
  const filters = useMemo(() => parseFilters(search), [search]);
  const key = filtersToQuery(filters);
  const pages = useTracePages(filters, key);
  const previews = useTracePreviews(pages.traces.map((t) => t.traceId));
  const [live, setLive] = useState(() => localStorage.getItem(LIVE_KEY) === '1');
  const sentinel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    localStorage.setItem(LIVE_KEY, live ? '1' : '0');
    if (!live) return;
    const id = setInterval(pages.refreshNewest, REFRESH_MS);
    return () => clearInterval(id);
  }, [live, pages.refreshNewest]);

  // Infinite scroll: load the next page when the sentinel under the table scrolls into view.
  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const obs = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && pages.loadMore(), { rootMargin: '200px' });
    obs.observe(el);
    return () => obs.disconnect();
  }, [pages.loadMore]);

  const empty = !pages.loading && !pages.error && pages.traces.length === 0;
  const [exportError, setExportError] = useState<string | null>(null);
  // The whole filtered search (up to 10,000 traces), not only the pages loaded here.
  const exportCsv = () => {
    setExportError(null);
    const url = apiUrl('/api/v1/traces/export', { ...filtersToApiParams(filters, Date.now()), format: 'csv', limit: 10_000 });
    apiDownload(url, 'watchllm-traces.csv').catch((err: Error) => setExportError(err.message));
  };
  return (
    <section class="page" aria-labelledby="traces-title">
      <div class="page-head">
        <h1 id="traces-title">Traces</h1>
        <div class="head-actions">
          <label class="toggle">
            <input type="checkbox" data-testid="auto-refresh" checked={live} onChange={(e) => setLive((e.target as HTMLInputElement).checked)} /> Auto-refresh (10 s)
          </label>
          <button type="button" class="btn" onClick={pages.refresh}>
            Refresh
          </button>
          <button type="button" class="btn" data-testid="export-csv" onClick={exportCsv}>
            Export CSV
          </button>
        </div>
      </div>
      {exportError && <ErrorBox message={`Export failed: ${exportError}`} />}
      <FilterBar filters={filters} onApply={(f) => setQuery(filtersToQuery(f))} />
      {pages.error && <ErrorBox message={pages.error} onRetry={pages.refresh} />}
      {pages.traces.length > 0 && (
        <>
          <p class="muted result-count" aria-live="polite">
            {pages.traces.length} trace{pages.traces.length === 1 ? '' : 's'}
            {pages.nextCursor ? ' shown, more available' : ''}
          </p>
          <TracesTable traces={pages.traces} onTag={(tag) => setQuery(filtersToQuery(withTag(filters, tag)))} previews={previews} />
        </>
      )}
      {empty &&
        (hasNarrowingFilters(filters) ? (
          <div class="empty" data-testid="no-match">
            No traces match these filters in this time range.{' '}
            <button type="button" class="btn link" onClick={() => setQuery(filtersToQuery({ ...parseFilters(''), range: filters.range, start: filters.start, end: filters.end }))}>
              Clear filters
            </button>
          </div>
        ) : (
          <FirstSpanHelp />
        ))}
      {pages.loading && <Loading label={pages.traces.length ? 'Loading more…' : 'Loading traces…'} />}
      <div ref={sentinel} class="sentinel" />
      {pages.nextCursor && !pages.loading && (
        <div class="center">
          <button type="button" class="btn" data-testid="load-more" onClick={pages.loadMore}>
            Load more
          </button>
        </div>
      )}
    </section>
  );
}
