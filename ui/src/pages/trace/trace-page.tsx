// Trace page: header with ids, tabs for the waterfall and the agent step debugger.

import { useMemo, useState } from 'preact/hooks';
import type { TraceDetail } from '../../api/types.js';
import { apiDelete, apiUrl } from '../../api/client.js';
import { useApi } from '../../lib/use-api.js';
import { buildWaterfall, criticalPath } from '../../lib/waterfall.js';
import { isModelCall } from '../../lib/steps.js';
import { CopyButton, Empty, ErrorBox, Loading, Tabs } from '../../components/common.js';
import { Comments } from '../../components/comments.js';
import { AddToQueue } from '../../components/add-to-queue.js';
import { ConfirmAction } from '../../components/confirm-action.js';
import { TagList } from '../../components/tag-list.js';
import { traceContext } from '../../lib/trace-context.js';
import { formatCost, formatDuration, formatTimestamp, formatTokens } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { WaterfallView } from './waterfall.js';
import { SpanPanel } from './span-panel.js';
import { StepsView } from './steps-view.js';

export function TracePage({ traceId, tab, search }: { traceId: string; tab: 'waterfall' | 'steps'; search: string }) {
  const { data, error, loading, reload } = useApi<TraceDetail>(apiUrl(`/api/v1/traces/${encodeURIComponent(traceId)}`));
  const wf = useMemo(() => buildWaterfall(data?.spans ?? []), [data]);
  const critical = useMemo(() => criticalPath(wf), [wf]);
  const totals = useMemo(() => {
    let cost: number | null = null;
    let tin = 0;
    let tout = 0;
    for (const s of data?.spans ?? []) {
      if (!isModelCall(s.genAi?.stepType)) continue;
      if (s.genAi?.costUsd != null) cost = (cost ?? 0) + s.genAi.costUsd;
      tin += s.genAi?.inputTokens ?? 0;
      tout += s.genAi?.outputTokens ?? 0;
    }
    return { cost, tin, tout };
  }, [data]);
  // The trace's tags: every span's, first seen first.
  const tags = useMemo(() => [...new Set((data?.spans ?? []).flatMap((s) => s.genAi?.tags ?? []))], [data]);
  const who = useMemo(() => traceContext(data?.spans ?? []), [data]);

  return (
    <section class="page trace-page" aria-labelledby="trace-title">
      <div class="page-head">
        <div>
          <h1 id="trace-title">{wf.rows[0]?.span.name ?? 'Trace'}</h1>
          <div class="muted trace-meta">
            <code>{traceId}</code> · {wf.rows.length} spans · {formatDuration(wf.endMs - wf.startMs)}
            {wf.rows.length > 0 && ` · ${formatTimestamp(wf.startMs)}`} · tokens {formatTokens(totals.tin)} / {formatTokens(totals.tout)} · cost {formatCost(totals.cost)}
          </div>
          {(who.sessionId || who.userId || who.environment) && (
            <div class="muted trace-context" data-testid="trace-context">
              {who.sessionId && (
                <span>
                  session <Link href={paths.session(who.sessionId)}>{who.sessionId}</Link>
                </span>
              )}
              {who.userId && (
                <span>
                  {who.sessionId && ' · '}user <Link href={paths.traces(new URLSearchParams({ userId: who.userId }).toString())}>{who.userId}</Link>
                </span>
              )}
              {who.environment && (
                <span>
                  {(who.sessionId || who.userId) && ' · '}environment <Link href={paths.traces(new URLSearchParams({ environment: who.environment }).toString())}>{who.environment}</Link>
                </span>
              )}
            </div>
          )}
          <TagList tags={tags} />
        </div>
        <div class="head-actions">
          <CopyButton text={traceId} label="Copy trace id" />
          {data && <AddToQueue objectType="TRACE" objectId={traceId} />}
          {data && (
            <ConfirmAction
              label="Delete trace"
              testid="erase-trace"
              title="Erase this trace: spans, content, logs and scores"
              warning="Its spans, content, logs and scores go for good."
              confirm="Delete"
              run={() => apiDelete(apiUrl(`/api/v1/traces/${encodeURIComponent(traceId)}`)).then(() => navigate(paths.traces()))}
            />
          )}
        </div>
      </div>
      <Tabs
        active={tab}
        tabs={[
          { id: 'waterfall', label: 'Waterfall', href: paths.trace(traceId) },
          { id: 'steps', label: 'Agent steps', href: paths.steps(traceId) },
        ]}
      />
      {error && <ErrorBox message={error} onRetry={reload} />}
      {!error && loading && !data && <Loading label="Loading trace…" />}
      {data && tab === 'waterfall' && (data.spans.length === 0 ? <Empty>This trace has no spans.</Empty> : <WaterfallTab wf={wf} critical={critical} search={search} traceId={traceId} onScored={reload} />)}
      {tab === 'steps' && <StepsView traceId={traceId} search={search} />}
      {data && <Comments key={traceId} objectType="TRACE" objectId={traceId} />}
    </section>
  );
}

function WaterfallTab({ wf, critical, search, traceId, onScored }: { wf: ReturnType<typeof buildWaterfall>; critical: Set<string>; search: string; traceId: string; onScored: () => void }) {
  const params = new URLSearchParams(search);
  const selectedId = params.get('span');
  const zoomId = params.get('zoom');
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const selectedRow = wf.rows.find((r) => r.span.spanId === selectedId) ?? null;
  const zoomRow = wf.rows.find((r) => r.span.spanId === zoomId);
  const zoom = zoomRow ? { startMs: zoomRow.startMs, endMs: Math.max(zoomRow.endMs, zoomRow.startMs + 0.001) } : null;

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) v === null ? next.delete(k) : next.set(k, v);
    const q = next.toString();
    navigate(`/traces/${encodeURIComponent(traceId)}${q ? `?${q}` : ''}`, { replace: true });
  };

  return (
    <div class={`trace-body${selectedRow ? ' with-panel' : ''}`}>
      <WaterfallView
        wf={wf}
        critical={critical}
        collapsed={collapsed}
        selected={selectedId}
        zoom={zoom}
        onSelect={(id) => update({ span: id })}
        onToggle={(id) => {
          const next = new Set(collapsed);
          next.has(id) ? next.delete(id) : next.add(id);
          setCollapsed(next);
        }}
        onResetZoom={() => update({ zoom: null })}
      />
      {selectedRow && <SpanPanel span={selectedRow.span} onClose={() => update({ span: null })} onZoom={() => update({ zoom: selectedRow.span.spanId })} onScored={onScored} />}
    </div>
  );
}
