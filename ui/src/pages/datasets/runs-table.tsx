// A dataset's experiment runs, newest first: their totals and score averages, with boxes to pick runs to compare.

import { useState } from 'preact/hooks';
import type { DatasetRunSummaryDto } from '../../api/types.js';
import { formatCost, formatDuration, formatInt, formatTimestamp } from '../../lib/format.js';
import { labelSummary } from '../../lib/dataset-runs.js';
import { Link, navigate } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { ScoreChips } from './score-chips.js';

/** The compare API takes at most this many runs at once. */
export const MAX_COMPARED_RUNS = 10;

export function RunsTable({ dataset, runs }: { dataset: string; runs: DatasetRunSummaryDto[] }) {
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const toggle = (name: string) => {
    const next = new Set(picked);
    if (!next.delete(name)) next.add(name);
    setPicked(next);
  };
  // In the table's order, whatever order they were ticked in.
  const chosen = runs.map((r) => r.name).filter((n) => picked.has(n));
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
      <table class="data-table" data-testid="dataset-runs">
        <caption class="sr-only">Runs</caption>
        <thead>
          <tr>
            <th scope="col">
              <span class="sr-only">Pick</span>
            </th>
            <th scope="col">Run</th>
            <th scope="col">Created</th>
            <th scope="col" class="num">Items</th>
            <th scope="col" class="num">Avg latency</th>
            <th scope="col" class="num">Total cost</th>
            <th scope="col">Scores (average)</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.name} data-testid="run-row" data-run={r.name}>
              <td>
                <input type="checkbox" aria-label={`Pick run ${r.name}`} checked={picked.has(r.name)} onChange={() => toggle(r.name)} />
              </td>
              <td class="name-cell">
                <Link href={paths.datasetCompare(dataset, [r.name])}>{r.name}</Link>
                {r.description && <div class="muted">{r.description}</div>}
              </td>
              <td class="nowrap">{formatTimestamp(Date.parse(r.createdAt))}</td>
              <td class="num">{formatInt(r.items)}</td>
              <td class="num">{formatDuration(r.avgLatencyMs)}</td>
              <td class="num">{formatCost(r.totalCostUsd)}</td>
              <td>
                <ScoreChips scores={r.scores.map((s) => ({ name: s.name, value: s.avg, label: labelSummary(s.labels) }))} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
