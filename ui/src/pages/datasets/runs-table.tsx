// A dataset's experiment runs, newest first: their totals and score averages, with boxes to pick runs to compare.

import { useState } from 'preact/hooks';
import type { DatasetRunSummaryDto } from '../../api/types.js';
import { formatCost, formatDuration, formatInt, formatTimestamp } from '../../lib/format.js';
import { labelSummary } from '../../lib/dataset-runs.js';
import { Link, navigate } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { ScoreChips } from './score-chips.js';
import { DataTable, srOnly, type Column } from '../../components/data-table.js';

/** The compare API takes at most this many runs at once. */
export const MAX_COMPARED_RUNS = 10;

const pickColumn = (picked: ReadonlySet<string>, toggle: (name: string) => void): Column<DatasetRunSummaryDto> => ({
  header: srOnly('Pick'),
  cell: (r) => <input type="checkbox" aria-label={`Pick run ${r.name}`} checked={picked.has(r.name)} onChange={() => toggle(r.name)} />,
});

const runColumns = (dataset: string): Column<DatasetRunSummaryDto>[] => [
  {
    header: 'Run',
    class: 'name-cell',
    cell: (r) => (
      <>
        <Link href={paths.datasetCompare(dataset, [r.name])}>{r.name}</Link>
        {r.description && <div class="muted">{r.description}</div>}
      </>
    ),
  },
  { header: 'Created', class: 'nowrap', cell: (r) => formatTimestamp(Date.parse(r.createdAt)) },
  { header: 'Items', numeric: true, cell: (r) => formatInt(r.items) },
  { header: 'Avg latency', numeric: true, cell: (r) => formatDuration(r.avgLatencyMs) },
  { header: 'Total cost', numeric: true, cell: (r) => formatCost(r.totalCostUsd) },
  { header: 'Scores (average)', cell: (r) => <ScoreChips scores={r.scores.map((s) => ({ name: s.name, value: s.avg, label: labelSummary(s.labels) }))} /> },
];

export function RunsTable({ dataset, runs }: { dataset: string; runs: DatasetRunSummaryDto[] }) {
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const toggle = (name: string) => {
    const next = new Set(picked);
    if (!next.delete(name)) next.add(name);
    setPicked(next);
  };
  // In the table's order, whatever order they were ticked in.
  const chosen = runs.map((r) => r.name).filter((n) => picked.has(n));
  const columns = [pickColumn(picked, toggle), ...runColumns(dataset)];
  return (
    <div class="table-wrap">
      <div class="table-actions">
        <button
          type="button"
          class="btn small primary"
          data-testid="compare-runs"
          disabled={chosen.length === 0 || chosen.length > MAX_COMPARED_RUNS}
          onClick={() => navigate(paths.datasetCompare(dataset, chosen))}
        >
          Compare{chosen.length > 0 ? ` ${chosen.length} run${chosen.length > 1 ? 's' : ''}` : ''}
        </button>
        <span class="muted">{chosen.length > MAX_COMPARED_RUNS ? `At most ${MAX_COMPARED_RUNS} runs at once.` : 'Tick runs to compare them item by item, or open one by its name.'}</span>
      </div>
      <DataTable columns={columns} rows={runs} rowKey={(r) => r.name} caption="Runs" testid="dataset-runs" rowTestid="run-row" rowAttrs={(r) => ({ 'data-run': r.name })} frame={null} />
    </div>
  );
}
