// Sessions list: one row per conversation, newest activity first (as the API returns them).

import { useMemo, useState } from 'preact/hooks';
import type { SessionListResponse, SessionSummary } from '../../api/types.js';
import { apiGet, apiUrl } from '../../api/client.js';
import { useApi } from '../../lib/use-api.js';
import { parseFilters, resolveTimeRange } from '../../lib/filters.js';
import { Empty, ErrorBox, Loading } from '../../components/common.js';
import { TimeRangePicker } from '../../components/time-range.js';
import { formatCost, formatInt, formatRelative, formatTimestamp, formatTokens, nanoToMs } from '../../lib/format.js';
import { Link, setQuery } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';

export function SessionsPage({ search }: { search: string }) {
  const params = new URLSearchParams(search);
  const filters = parseFilters(search);
  const userId = params.get('userId') ?? '';
  const url = useMemo(() => {
    const { start, end } = resolveTimeRange(filters, Date.now());
    return apiUrl('/api/v1/sessions', { start, end, userId, limit: 100 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);
  const { data, error, loading, reload } = useApi<SessionListResponse>(url);
  const [more, setMore] = useState<{ forUrl: string; rows: SessionSummary[]; cursor: string | null; error: string | null }>({ forUrl: '', rows: [], cursor: null, error: null });
  const extra = more.forUrl === url ? more : { rows: [], cursor: data?.nextCursor ?? null, error: null };
  const rows = [...(data?.sessions ?? []), ...extra.rows];
  const cursor = extra.rows.length ? extra.cursor : data?.nextCursor ?? null;

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) v ? next.set(k, v) : next.delete(k);
    setQuery(next);
  };
  const loadMore = async () => {
    if (!cursor) return;
    try {
      const res = await apiGet<SessionListResponse>(`${url}&cursor=${encodeURIComponent(cursor)}`);
      setMore({ forUrl: url, rows: [...extra.rows, ...(res.sessions ?? [])], cursor: res.nextCursor ?? null, error: null });
    } catch (err) {
      setMore({ ...extra, forUrl: url, error: (err as Error).message });
    }
  };

  return (
    <section class="page" aria-labelledby="sessions-title">
      <div class="page-head">
        <h1 id="sessions-title">Sessions</h1>
      </div>
      <form class="filter-bar" role="search" onSubmit={(e) => (e.preventDefault(), set({ userId: String(new FormData(e.target as HTMLFormElement).get('userId') ?? '') }))}>
        <div class="filter-row">
          <TimeRangePicker value={filters} onChange={(v) => set({ range: v.range === 'custom' ? '' : v.range, start: v.start, end: v.end })} />
          <label class="field">
            <span>User</span>
            <input class="input" name="userId" defaultValue={userId} placeholder="any" />
          </label>
          <button class="btn primary" type="submit">
            Apply
          </button>
        </div>
      </form>
      {error && <ErrorBox message={error} onRetry={reload} />}
      {extra.error && <ErrorBox message={extra.error} />}
      {loading && !data && <Loading label="Loading sessions…" />}
      {data && rows.length === 0 && <Empty>No sessions in this time range. Sessions group traces by <code>gen_ai.conversation.id</code> or <code>session.id</code>.</Empty>}
      {rows.length > 0 && (
        <div class="table-wrap">
          <table class="data-table" data-testid="sessions-table">
            <caption class="sr-only">Sessions</caption>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">User</th>
                <th scope="col" class="num">Turns</th>
                <th scope="col">First seen</th>
                <th scope="col">Last seen</th>
                <th scope="col" class="num">Tokens in / out</th>
                <th scope="col" class="num">Cost</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.sessionId} data-testid="session-row">
                  <td>
                    <Link href={paths.session(s.sessionId)}>{s.sessionId}</Link>
                  </td>
                  <td>{s.userId ?? '—'}</td>
                  <td class="num">{formatInt(s.traceCount)}</td>
                  <td class="nowrap">{formatTimestamp(nanoToMs(s.firstSeenUnixNano))}</td>
                  <td class="nowrap">{formatRelative(nanoToMs(s.lastSeenUnixNano))}</td>
                  <td class="num nowrap">
                    {formatTokens(s.inputTokens)} / {formatTokens(s.outputTokens)}
                  </td>
                  <td class="num">{formatCost(s.costUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <div class="center">
          <button type="button" class="btn" onClick={loadMore}>
            Load more
          </button>
        </div>
      )}
    </section>
  );
}
