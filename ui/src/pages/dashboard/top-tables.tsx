// Dashboard tables: top groups by cost, most expensive traces, latency percentiles, evaluation scores.

import type { CostRow, EvaluationSummary, LatencyRow, TraceSummary } from '../../api/types.js';
import { formatCost, formatDuration, formatInt, formatTokens } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';

export function TopCostTable({ title, rows, testid }: { title: string; rows: CostRow[]; testid: string }) {
  const top = [...rows].sort((a, b) => (b.costUsd ?? -1) - (a.costUsd ?? -1)).slice(0, 10);
  return (
    <div class="card">
      <table class="data-table compact" data-testid={testid}>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" class="num">Cost</th>
            <th scope="col" class="num">Calls</th>
            <th scope="col" class="num">Tokens in / out</th>
          </tr>
        </thead>
        <tbody>
          {top.length === 0 && (
            <tr>
              <td colSpan={4} class="muted">
                No data.
              </td>
            </tr>
          )}
          {top.map((r) => (
            <tr key={r.key}>
              <td>{r.key || '(none)'}</td>
              <td class="num">
                {formatCost(r.costUsd)}
                {r.unpricedCalls > 0 && <span class="muted" title={`${r.unpricedCalls} calls had no price`}> *</span>}
              </td>
              <td class="num">{formatInt(r.calls)}</td>
              <td class="num nowrap">
                {formatTokens(r.inputTokens)} / {formatTokens(r.outputTokens)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TopTracesTable({ traces }: { traces: TraceSummary[] }) {
  return (
    <div class="card">
      <table class="data-table compact" data-testid="top-traces">
        <caption>Most expensive traces (latest 500 in range)</caption>
        <thead>
          <tr>
            <th scope="col">Trace</th>
            <th scope="col" class="num">Cost</th>
            <th scope="col" class="num">Duration</th>
          </tr>
        </thead>
        <tbody>
          {traces.length === 0 && (
            <tr>
              <td colSpan={3} class="muted">
                No priced traces.
              </td>
            </tr>
          )}
          {traces.map((t) => (
            <tr key={t.traceId}>
              <td>
                <Link href={paths.trace(t.traceId)}>{t.rootName || t.traceId}</Link>
              </td>
              <td class="num">{formatCost(t.costUsd)}</td>
              <td class="num">{formatDuration(t.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function LatencyTable({ title, rows }: { title: string; rows: LatencyRow[] }) {
  return (
    <div class="card">
      <table class="data-table compact" data-testid="latency-table">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" class="num">p50</th>
            <th scope="col" class="num">p95</th>
            <th scope="col" class="num">p99</th>
            <th scope="col" class="num">TTFT p50</th>
            <th scope="col" class="num">Calls</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{r.key || '(none)'}</td>
              <td class="num">{formatDuration(r.p50Ms)}</td>
              <td class="num">{formatDuration(r.p95Ms)}</td>
              <td class="num">{formatDuration(r.p99Ms)}</td>
              <td class="num">{formatDuration(r.ttftP50Ms ?? null)}</td>
              <td class="num">{formatInt(r.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Evaluation scores by name: how often, how well, and with which labels. */
export function EvaluationsTable({ rows }: { rows: EvaluationSummary[] }) {
  if (rows.length === 0) return null;
  return (
    <div class="card">
      <table class="data-table compact" data-testid="evaluations-table">
        <caption>Evaluations</caption>
        <thead>
          <tr>
            <th scope="col">Evaluation</th>
            <th scope="col" class="num">Results</th>
            <th scope="col" class="num">Avg score</th>
            <th scope="col">Labels</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <td>
                {/* The traces scored lowest are the ones to look at. */}
                <Link href={paths.traces(new URLSearchParams(r.scored > 0 ? { evaluation: r.name, maxScore: '0.5' } : { evaluation: r.name }).toString())} data-testid="evaluation-link">
                  {r.name}
                </Link>
              </td>
              <td class="num">{formatInt(r.count)}</td>
              <td class="num">{r.avgScore === null ? '—' : r.avgScore.toFixed(2)}</td>
              <td>
                {Object.entries(r.labels)
                  .sort((a, b) => b[1] - a[1])
                  .map(([label, n]) => `${label} ${n}`)
                  .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
