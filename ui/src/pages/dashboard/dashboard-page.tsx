// Dashboard: totals, uPlot charts over time grouped by model or provider, top lists by cost.

import { useMemo, useState } from 'preact/hooks';

import { parseFilters, pickStepSeconds, resolveTimeRange } from '../../lib/filters.js';
import { updateQuery } from '../../lib/router.js';
import { TimeRangePicker } from '../../components/time-range.js';
import { Chart } from '../../components/chart.js';
import { ErrorBox, Loading } from '../../components/common.js';
import { formatCost, formatDuration, formatInt, formatPercent, formatTokens } from '../../lib/format.js';
import { useDashboardData, type DashboardData } from './use-dashboard-data.js';
import { keyColors } from '../../lib/series.js';
import { EvaluationsTable, LatencyTable, TopCostTable, TopTracesTable } from './top-tables.js';

const fmtCost = (v: number | null) => formatCost(v);
const fmtTokens = (v: number | null) => formatTokens(v);
const fmtInt = (v: number | null) => formatInt(v);
const fmtScore = (v: number | null) => (v === null ? '—' : v.toFixed(2));
// Axis ticks of error rates are close together: always one decimal.
const fmtPct = (v: number | null) => (v === null || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`);
const fmtMs = (v: number | null) => formatDuration(v);

export function DashboardPage({ search }: { search: string }) {
  const params = new URLSearchParams(search);
  const filters = parseFilters(search);
  const groupBy = params.get('groupBy') === 'provider' ? 'provider' : 'model';
  const [tick, setTick] = useState(0);
  // Resolve the relative range once per URL change (or refresh), so charts don't refetch on every render.
  const { start, end } = useMemo(() => resolveTimeRange(filters, Date.now()), [search, tick]);
  const step = pickStepSeconds(end - start);
  const xRange = useMemo(() => [start, end] as const, [start, end]);
  const { data, errors, loading } = useDashboardData(start, end, step, groupBy, tick);

  const set = (changes: Record<string, string>) => updateQuery(search, changes);
  const total = data?.costsByGroup?.total;
  const colors = useMemo(() => groupColors(data), [data]);

  return (
    <section class="page" aria-labelledby="dash-title">
      <div class="page-head">
        <h1 id="dash-title">Dashboard</h1>
        <div class="head-actions">
          <TimeRangePicker value={filters} onChange={(v) => set({ range: v.range === 'custom' ? '' : v.range, start: v.start, end: v.end })} />
          <div class="segmented" role="group" aria-label="Group by">
            {(['model', 'provider'] as const).map((g) => (
              <button key={g} type="button" class={`btn${groupBy === g ? ' active' : ''}`} aria-pressed={groupBy === g} data-testid={`group-${g}`} onClick={() => set({ groupBy: g === 'model' ? '' : g })}>
                By {g}
              </button>
            ))}
          </div>
          <button type="button" class="btn" onClick={() => setTick((t) => t + 1)}>
            Refresh
          </button>
        </div>
      </div>
      {errors.length > 0 && <ErrorBox message={errors.join(' · ')} />}
      {loading && !data && <Loading label="Loading dashboard…" />}
      {data && (
        <>
          <div class="totals-grid" data-testid="totals">
            <Stat label="Cost" value={formatCost(total?.costUsd ?? null)} note={total?.unpricedCalls ? `${formatInt(total.unpricedCalls)} unpriced calls` : undefined} />
            <Stat label="Calls" value={formatInt(total?.calls)} />
            <Stat label="Input tokens" value={formatTokens(total?.inputTokens)} note={total?.cacheReadTokens ? `${formatTokens(total.cacheReadTokens)} cached` : undefined} />
            <Stat label="Output tokens" value={formatTokens(total?.outputTokens)} note={total?.reasoningTokens ? `${formatTokens(total.reasoningTokens)} reasoning` : undefined} />
            <Stat label="Errors" value={formatInt(total?.errors)} note={total?.calls ? `${formatPercent((total.errors ?? 0) / total.calls)} of calls` : undefined} />
          </div>
          <div class="charts">
            <Chart testid="chart-cost" title={`Cost by ${groupBy}`} series={data.series.cost} colors={colors} format={fmtCost} />
            <Chart testid="chart-tokens" title={`Tokens by ${groupBy}`} series={data.series.tokens} colors={colors} format={fmtTokens} />
            <Chart testid="chart-calls" title={`Calls by ${groupBy}`} series={data.series.calls} colors={colors} format={fmtInt} integer />
            <Chart testid="chart-error-rate" title={`Error rate by ${groupBy}`} series={data.series.error_rate} colors={colors} format={fmtPct} />
            <Chart testid="chart-latency-p50" title={`Latency p50 by ${groupBy}`} series={data.series.latency_p50} colors={colors} format={fmtMs} />
            <Chart testid="chart-latency-p95" title={`Latency p95 by ${groupBy}`} series={data.series.latency_p95} colors={colors} format={fmtMs} />
            <Chart testid="chart-latency-p99" title={`Latency p99 by ${groupBy}`} series={data.series.latency_p99} colors={colors} format={fmtMs} />
            {data.evaluationTrend.length > 0 && <Chart testid="chart-evaluations" title="Average evaluation score" series={data.evaluationTrend} format={fmtScore} xRangeMs={xRange} />}
          </div>
          <div class="top-grid">
            <TopCostTable title={`Top ${groupBy}s by cost`} rows={data.costsByGroup?.rows ?? []} testid="top-groups" />
            <TopCostTable title="Top services by cost" rows={data.costsByService?.rows ?? []} testid="top-services" />
            <TopCostTable title="Top users by cost" rows={data.costsByUser?.rows ?? []} testid="top-users" />
            {(data.costsByTag?.rows.length ?? 0) > 0 && <TopCostTable title="Top tags by cost" rows={data.costsByTag!.rows} testid="top-tags" />}
            <TopTracesTable traces={data.topTraces} />
            <LatencyTable title={`Latency by ${groupBy}`} rows={data.latency?.rows ?? []} />
            <EvaluationsTable rows={data.evaluations?.rows ?? []} />
          </div>
        </>
      )}
    </section>
  );
}

/** Most expensive groups first, then any other key a chart shows: each keeps its colour in every chart. */
function groupColors(data: DashboardData | null): Map<string, string> {
  const byCost = [...(data?.costsByGroup?.rows ?? [])].sort((a, b) => (b.costUsd ?? -1) - (a.costUsd ?? -1)).map((r) => r.key);
  const inCharts = Object.values(data?.series ?? {}).flatMap((list) => list.map((s) => s.key ?? '')).sort();
  return keyColors([...byCost, ...inCharts]);
}

function Stat({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div class="stat">
      <div class="stat-label">{label}</div>
      <div class="stat-value">{value}</div>
      {note && <div class="stat-note muted">{note}</div>}
    </div>
  );
}

