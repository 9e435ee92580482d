// Dashboard tables: top groups by cost, most expensive traces, latency percentiles, evaluation scores.

import type { CostRow, EvaluationSummary, LatencyRow, TraceSummary } from '../../api/types.js';
import { DataTable, type Column } from '../../components/data-table.js';
import { formatCost, formatDuration, formatInt, formatTokens } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';

const groupName = (r: { key: string | null }) => r.key || '(none)';

const COST_COLUMNS: Column<CostRow>[] = [
  { header: 'Name', cell: groupName },
  {
    header: 'Cost',
    numeric: true,
    cell: (r) => (
      <>
        {formatCost(r.costUsd)}
        {r.unpricedCalls > 0 && <span class="muted" title={`${r.unpricedCalls} calls had no price`}> *</span>}
      </>
    ),
  },
  { header: 'Calls', numeric: true, cell: (r) => formatInt(r.calls) },
  { header: 'Tokens in / out', numeric: true, class: 'nowrap', cell: (r) => `${formatTokens(r.inputTokens)} / ${formatTokens(r.outputTokens)}` },
];

export function TopCostTable({ title, rows, testid }: { title: string; rows: CostRow[]; testid: string }) {
  const top = [...rows].sort((a, b) => (b.costUsd ?? -1) - (a.costUsd ?? -1)).slice(0, 10);
  return <DataTable columns={COST_COLUMNS} rows={top} rowKey={(r) => String(r.key)} caption={title} titled testid={testid} class="compact" frame="card" empty="No data." />;
}

const TRACE_COLUMNS: Column<TraceSummary>[] = [
  { header: 'Trace', cell: (t) => <Link href={paths.trace(t.traceId)}>{t.rootName || t.traceId}</Link> },
  { header: 'Cost', numeric: true, cell: (t) => formatCost(t.costUsd) },
  { header: 'Duration', numeric: true, cell: (t) => formatDuration(t.durationMs) },
];

export function TopTracesTable({ traces }: { traces: TraceSummary[] }) {
  const caption = 'Most expensive traces (latest 500 in range)';
  return <DataTable columns={TRACE_COLUMNS} rows={traces} rowKey={(t) => t.traceId} caption={caption} titled testid="top-traces" class="compact" frame="card" empty="No priced traces." />;
}

const LATENCY_COLUMNS: Column<LatencyRow>[] = [
  { header: 'Name', cell: groupName },
  { header: 'p50', numeric: true, cell: (r) => formatDuration(r.p50Ms) },
  { header: 'p95', numeric: true, cell: (r) => formatDuration(r.p95Ms) },
  { header: 'p99', numeric: true, cell: (r) => formatDuration(r.p99Ms) },
  { header: 'TTFT p50', numeric: true, cell: (r) => formatDuration(r.ttftP50Ms ?? null) },
  { header: 'Calls', numeric: true, cell: (r) => formatInt(r.count) },
];

export function LatencyTable({ title, rows }: { title: string; rows: LatencyRow[] }) {
  return <DataTable columns={LATENCY_COLUMNS} rows={rows} rowKey={(r) => String(r.key)} caption={title} titled testid="latency-table" class="compact" frame="card" empty="No data." />;
}

const EVALUATION_COLUMNS: Column<EvaluationSummary>[] = [
  {
    header: 'Evaluation',
    // The traces scored lowest are the ones to look at.
    cell: (r) => (
      <Link href={paths.traces(new URLSearchParams(r.scored > 0 ? { evaluation: r.name, maxScore: '0.5' } : { evaluation: r.name }).toString())} data-testid="evaluation-link">
        {r.name}
      </Link>
    ),
  },
  { header: 'Results', numeric: true, cell: (r) => formatInt(r.count) },
  { header: 'Avg score', numeric: true, cell: (r) => (r.avgScore === null ? '—' : r.avgScore.toFixed(2)) },
  {
    header: 'Labels',
    cell: (r) =>
      Object.entries(r.labels)
        .sort((a, b) => b[1] - a[1])
        .map(([label, n]) => `${label} ${n}`)
        .join(', '),
  },
];

/** Evaluation scores by name: how often, how well, and with which labels. */
export function EvaluationsTable({ rows }: { rows: EvaluationSummary[] }) {
  return <DataTable columns={EVALUATION_COLUMNS} rows={rows} rowKey={(r) => r.name} caption="Evaluations" titled testid="evaluations-table" class="compact" frame="card" />;
}
