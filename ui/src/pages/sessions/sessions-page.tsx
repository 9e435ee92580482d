// Sessions list: one row per conversation, newest activity first (as the API returns them).

import { useMemo } from 'preact/hooks';
import type { SessionListResponse } from '../../api/types.js';
import { apiUrl } from '../../api/client.js';
import { useCursorList } from '../../lib/use-api.js';
import { parseFilters, resolveTimeRange } from '../../lib/filters.js';
import { ListStatus, LoadMore } from '../../components/common.js';
import { RangeFieldFilter } from '../../components/range-field-filter.js';
import { ActivityCells, ActivityHeaders } from '../../components/activity-cells.js';
import { formatInt, formatScores } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
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
  const list = useCursorList<SessionListResponse, SessionListResponse['sessions'][number]>(url, (page) => page.sessions ?? []);
  const { rows, hasMore, loadMore } = list;

  return (
    <section class="page" aria-labelledby="sessions-title">
      <div class="page-head">
        <h1 id="sessions-title">Sessions</h1>
      </div>
      <RangeFieldFilter search={search} field={{ name: 'userId', label: 'User', value: userId }} />
      <ListStatus list={list} loadingLabel="Loading sessions…" empty={<>No sessions in this time range. Sessions group traces by <code>gen_ai.conversation.id</code> or <code>session.id</code>.</>} />
      {rows.length > 0 && (
        <div class="table-wrap">
          <table class="data-table" data-testid="sessions-table">
            <caption class="sr-only">Sessions</caption>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">User</th>
                <th scope="col" class="num">Turns</th>
                <th scope="col">Scores</th>
                <ActivityHeaders />
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
                  <td class="scores" data-testid="session-scores">
                    {formatScores(s.scores)}
                  </td>
                  <ActivityCells a={s} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore hasMore={hasMore} onLoad={loadMore} />
    </section>
  );
}
