// One row per compared run: items, average latency, total cost and each score's average, the best of each marked.

import type { DatasetRunSummaryDto } from '../../api/types.js';
import { bestRuns, metricValue, scoreLabels, scoreNames, type RunMetric } from '../../lib/dataset-runs.js';
import { DASH, formatCost, formatDuration, formatInt } from '../../lib/format.js';
import { DataTable, type Column } from '../../components/data-table.js';

interface Metric {
  label: string;
  metric: RunMetric;
  format: (value: number) => string;
}

const FIXED: Metric[] = [
  { label: 'Items', metric: { kind: 'items' }, format: formatInt },
  { label: 'Avg latency', metric: { kind: 'latency' }, format: formatDuration },
  { label: 'Total cost', metric: { kind: 'cost' }, format: formatCost },
];

/** A metric as a column: the best runs' cells marked (and said to screen readers). */
function metricColumn(metric: Metric, best: ReadonlySet<string>): Column<DatasetRunSummaryDto> {
  return {
    header: metric.label,
    numeric: true,
    attrs: (run) => (best.has(run.name) ? { class: 'best', 'data-best': true } : {}),
    cell: (run) => {
      const value = metricValue(run, metric.metric);
      return (
        <>
          {value !== null ? metric.format(value) : ((metric.metric.kind === 'score' && scoreLabels(run, metric.metric.name)) || DASH)}
          {best.has(run.name) && <span class="sr-only"> (best)</span>}
        </>
      );
    },
  };
}

export function RunSummary({ runs }: { runs: DatasetRunSummaryDto[] }) {
  const metrics: Metric[] = [...FIXED, ...scoreNames(runs).map((name) => ({ label: name, metric: { kind: 'score', name } as const, format: (v: number) => v.toFixed(2) }))];
  const columns: Column<DatasetRunSummaryDto>[] = [{ header: 'Run', rowHeader: true, cell: (r) => r.name }, ...metrics.map((m) => metricColumn(m, bestRuns(runs, m.metric)))];
  const caption = 'Runs compared (the best of each column marked: fastest, cheapest, most items, highest score)';
  return <DataTable columns={columns} rows={runs} rowKey={(r) => r.name} caption={caption} testid="run-summary" rowTestid="run-summary-row" rowAttrs={(r) => ({ 'data-run': r.name })} />;
}
