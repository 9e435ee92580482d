// End users: one row per user id seen on traces, newest activity first, with what their traffic cost.

import { useMemo } from 'preact/hooks';
import type { UserListResponse, UserSummary } from '../../api/types.js';
import { apiDelete, apiUrl } from '../../api/client.js';
import { useCursorList } from '../../lib/use-api.js';
import { parseFilters, resolveTimeRange } from '../../lib/filters.js';
import { ListStatus, LoadMore } from '../../components/common.js';
import { RangeFieldFilter } from '../../components/range-field-filter.js';
import { ACTIVITY_COLUMNS } from '../../components/activity-columns.js';
import { DataTable, srOnly, type Column } from '../../components/data-table.js';
import { ConfirmAction } from '../../components/confirm-action.js';
import { formatInt } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';

const forUser = (userId: string) => new URLSearchParams({ userId }).toString();

export function UsersPage({ search }: { search: string }) {
  const url = useMemo(() => {
    const { start, end } = resolveTimeRange(parseFilters(search), Date.now());
    return apiUrl('/api/v1/users', { start, end, limit: 100 });
  }, [search]);
  const list = useCursorList<UserListResponse, UserSummary>(url, (page) => page.users ?? []);
  const { rows, hasMore, loadMore } = list;
  const columns: Column<UserSummary>[] = [
    { header: 'User', cell: (u) => u.userId },
    { header: 'Traces', numeric: true, cell: (u) => <Link href={paths.traces(forUser(u.userId))}>{formatInt(u.traceCount)}</Link> },
    { header: 'Sessions', numeric: true, cell: (u) => (u.sessionCount ? <Link href={paths.sessions(forUser(u.userId))}>{formatInt(u.sessionCount)}</Link> : '0') },
    { header: 'LLM calls', numeric: true, cell: (u) => formatInt(u.llmCallCount) },
    { header: 'Errors', numeric: true, cell: (u) => formatInt(u.errorCount) },
    ...ACTIVITY_COLUMNS,
    {
      header: srOnly('Forget'),
      cell: (u) => (
        <ConfirmAction
          label="Forget"
          testid="forget-user"
          title={`Erase ${u.userId}: their traces, content and per-user usage`}
          confirm="Erase all their traces"
          run={() => apiDelete(apiUrl(`/api/v1/users/${encodeURIComponent(u.userId)}`)).then(list.reload)}
        />
      ),
    },
  ];

  return (
    <section class="page" aria-labelledby="users-title">
      <div class="page-head">
        <h1 id="users-title">Users</h1>
      </div>
      <RangeFieldFilter search={search} />
      <ListStatus list={list} loadingLabel="Loading users…" empty={<>No users in this time range. Users come from <code>user.id</code> or <code>enduser.id</code> on traces.</>} />
      <DataTable columns={columns} rows={rows} rowKey={(u) => u.userId} caption="Users" testid="users-table" rowTestid="user-row" />
      <LoadMore hasMore={hasMore} onLoad={loadMore} />
    </section>
  );
}
