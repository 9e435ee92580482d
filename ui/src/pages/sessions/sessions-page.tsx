// Sessions list: one row per conversation, newest activity first (as the API returns them).

import { useMemo } from 'preact/hooks';
import type { SessionListResponse } from '../../api/types.js';
import { apiUrl } from '../../api/client.js';
import { useCursorList } from '../../lib/use-api.js';
import { parseFilters, resolveTimeRange } from '../../lib/filters.js';
import { ListStatus, LoadMore } from '../../components/common.js';
import { RangeFieldFilter } from '../../components/range-field-filter.js';
import { ACTIVITY_COLUMNS } from '../../components/activity-columns.js';
import { DataTable, type Column } from '../../components/data-table.js';
import { formatInt, formatScores } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';

type Session = SessionListResponse['sessions'][number];

const COLUMNS: Column<Session>[] = [
  { header: 'Session', cell: (s) => <Link href={paths.session(s.sessionId)}>{s.sessionId}</Link> },
  { header: 'User', cell: (s) => s.userId ?? '—' },
  { header: 'Turns', numeric: true, cell: (s) => formatInt(s.traceCount) },
  { header: 'Scores', class: 'scores', attrs: () => ({ 'data-testid': 'session-scores' }), cell: (s) => formatScores(s.scores) },
  ...ACTIVITY_COLUMNS,
];

export function SessionsPage({ search }: { search: string }) {
  const params = new URLSearchParams(search);
  const filters = parseFilters(search);
  const userId = params.get('userId') ?? '';
  const url = useMemo(() => {
    const { start, end } = resolveTimeRange(filters, Date.now());
    return apiUrl('/api/v1/sessions', { start, end, userId, limit: 100 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);
  const list = useCursorList<SessionListResponse, Session>(url, (page) => page.sessions ?? []);
  const { rows, hasMore, loadMore } = list;

  return (
    <section class="page" aria-labelledby="sessions-title">
      <div class="page-head">
        <h1 id="sessions-title">Sessions</h1>
      </div>
      <RangeFieldFilter search={search} field={{ name: 'userId', label: 'User', value: userId }} />
      <ListStatus list={list} loadingLabel="Loading sessions…" empty={<>No sessions in this time range. Sessions group traces by <code>gen_ai.conversation.id</code> or <code>session.id</code>.</>} />
      <DataTable columns={COLUMNS} rows={rows} rowKey={(s) => s.sessionId} caption="Sessions" testid="sessions-table" rowTestid="session-row" />
      <LoadMore hasMore={hasMore} onLoad={loadMore} />
    </section>
  );
}
