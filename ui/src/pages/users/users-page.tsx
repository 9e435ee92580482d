// End users: one row per user id seen on traces, newest activity first, with what their traffic cost.

import { useMemo } from 'preact/hooks';
import type { UserListResponse, UserSummary } from '../../api/types.js';
import { apiDelete, apiUrl } from '../../api/client.js';
import { useCursorList } from '../../lib/use-api.js';
import { parseFilters, resolveTimeRange } from '../../lib/filters.js';
import { ListStatus, LoadMore } from '../../components/common.js';
import { RangeFieldFilter } from '../../components/range-field-filter.js';
import { ActivityCells, ActivityHeaders } from '../../components/activity-cells.js';
import { ConfirmAction } from '../../components/confirm-action.js';
import { formatInt } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';

export function UsersPage({ search }: { search: string }) {
  const url = useMemo(() => {
    const { start, end } = resolveTimeRange(parseFilters(search), Date.now());
    return apiUrl('/api/v1/users', { start, end, limit: 100 });
  }, [search]);
  const list = useCursorList<UserListResponse, UserSummary>(url, (page) => page.users ?? []);
  const { rows, hasMore, loadMore } = list;
  const forUser = (userId: string) => new URLSearchParams({ userId }).toString();

  return (
    <section class="page" aria-labelledby="users-title">
      <div class="page-head">
        <h1 id="users-title">Users</h1>
      </div>
      <RangeFieldFilter search={search} />
      <ListStatus list={list} loadingLabel="Loading users…" empty={<>No users in this time range. Users come from <code>user.id</code> or <code>enduser.id</code> on traces.</>} />
      {rows.length > 0 && (
        <div class="table-wrap">
          <table class="data-table" data-testid="users-table">
            <caption class="sr-only">Users</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col" class="num">Traces</th>
                <th scope="col" class="num">Sessions</th>
                <th scope="col" class="num">LLM calls</th>
                <th scope="col" class="num">Errors</th>
                <ActivityHeaders />
                <th scope="col">
                  <span class="sr-only">Forget</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((u) => (
                <tr key={u.userId} data-testid="user-row">
                  <td>{u.userId}</td>
                  <td class="num">
                    <Link href={paths.traces(forUser(u.userId))}>{formatInt(u.traceCount)}</Link>
                  </td>
                  <td class="num">{u.sessionCount ? <Link href={paths.sessions(forUser(u.userId))}>{formatInt(u.sessionCount)}</Link> : '0'}</td>
                  <td class="num">{formatInt(u.llmCallCount)}</td>
                  <td class="num">{formatInt(u.errorCount)}</td>
                  <ActivityCells a={u} />
                  <td>
                    <ConfirmAction
                      label="Forget"
                      testid="forget-user"
                      title={`Erase ${u.userId}: their traces, content and per-user usage`}
                      confirm="Erase all their traces"
                      run={() => apiDelete(apiUrl(`/api/v1/users/${encodeURIComponent(u.userId)}`)).then(list.reload)}
                    />
                  </td>
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
