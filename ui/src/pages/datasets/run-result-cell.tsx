// What one run made of one item: its output, scores, latency, cost, tokens, whether it failed, and its trace.

import type { CompareRowDto, RunResultDto } from '../../api/types.js';
import { Badge } from '../../components/common.js';
import type { Column } from '../../components/data-table.js';
import { ValuePreview } from '../../components/value-preview.js';
import { formatCost, formatDuration, formatTokens } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { ScoreChips } from './score-chips.js';

/** The column of one run in the items compared: its cell is what that run made of the row's item. */
export function runResultColumn(run: string): Column<CompareRowDto> {
  return {
    header: run,
    attrs: (row) => {
      const result = row.results[run];
      return { class: !result ? 'muted' : result.error ? 'run-result has-error' : 'run-result', 'data-testid': 'run-result', 'data-run': run };
    },
    cell: (row) => {
      const result = row.results[run];
      return result ? <RunResult result={result} /> : 'not in this run';
    },
  };
}

function RunResult({ result }: { result: RunResultDto }) {
  return (
    <>
      <ValuePreview value={result.output} maxChars={200} maxLines={4} testid="run-output" />
      <ScoreChips scores={result.scores} />
      <div class="run-facts">
        {result.error && <Badge kind="error">error</Badge>}
        <span>{formatDuration(result.latencyMs)}</span>
        <span>{formatCost(result.costUsd)}</span>
        <span>{formatTokens(result.totalTokens)} tokens</span>
        <Link href={paths.trace(result.traceId, result.observationId ?? undefined)} data-testid="run-trace">
          trace
        </Link>
      </div>
    </>
  );
}
