// One row per compared run: items, average latency, total cost and each score's average, the best of each marked.

import type { DatasetRunSummaryDto } from '../../api/types.js';
import { bestRuns, metricValue, scoreLabels, scoreNames, type RunMetric } from '../../lib/dataset-runs.js';
import { DASH, formatCost, formatDuration, formatInt } from '../../lib/format.js';

interface Column {
  label: string;
  metric: RunMetric;
  format: (value: number) => string;
}

const FIXED: Column[] = [
  { label: 'Items', metric: { kind: 'items' }, format: formatInt },
  { label: 'Avg latency', metric: { kind: 'latency' }, format: formatDuration },
  { label: 'Total cost', metric: { kind: 'cost' }, format: formatCost },
];

function MetricCell({ run, column, best }: { run: DatasetRunSummaryDto; column: Column; best: boolean }) {
  const value = metricValue(run, column.metric);
  return (
    <td class={best ? 'num best' : 'num'} data-best={best || undefined}>
      {value !== null ? column.format(value) : ((column.metric.kind === 'score' && scoreLabels(run, column.metric.name)) || DASH)}
      {best && <span class="sr-only"> (best)</span>}
    </td>
  );
}

export function RunSummary({ runs }: { runs: DatasetRunSummaryDto[] }) {
  const columns: Column[] = [...FIXED, ...scoreNames(runs).map((name) => ({ label: name, metric: { kind: 'score', name } as const, format: (v: number) => v.toFixed(2) }))];
  const best = columns.map((c) => bestRuns(runs, c.metric));
  return (
    <div class="table-wrap">
      <table class="data-table" data-testid="run-summary">
        <caption class="sr-only">Runs compared (the best of each column marked: fastest, cheapest, most items, highest score)</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            {columns.map((c, i) => (
              <th key={i} scope="col" class="num">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.name} data-testid="run-summary-row" data-run={r.name}>
              <th scope="row">{r.name}</th>
              {columns.map((c, i) => (
                <MetricCell key={i} run={r} column={c} best={best[i].has(r.name)} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
