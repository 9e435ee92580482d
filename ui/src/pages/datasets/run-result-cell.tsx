// What one run made of one item: its output, scores, latency, cost, tokens, whether it failed, and its trace.

import type { RunResultDto } from '../../api/types.js';
import { Badge } from '../../components/common.js';
import { ValuePreview } from '../../components/value-preview.js';
import { formatCost, formatDuration, formatTokens } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { ScoreChips } from './score-chips.js';

export function RunResultCell({ run, result }: { run: string; result: RunResultDto | null }) {
  if (!result)
    return (
      <td class="muted" data-testid="run-result" data-run={run}>
        not in this run
      </td>
    );
  return (
    <td class={result.error ? 'run-result has-error' : 'run-result'} data-testid="run-result" data-run={run}>
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
    </td>
  );
}
