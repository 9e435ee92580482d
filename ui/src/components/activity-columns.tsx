// The cells a sessions or users row ends with: when it was first and last seen, its tokens and its cost.

import { formatCost, formatRelative, formatTimestamp, formatTokens, nanoToMs } from '../lib/format.js';
import type { NanoTime } from '../api/types.js';

export interface Activity {
  firstSeenUnixNano: NanoTime;
  lastSeenUnixNano: NanoTime;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

export function ActivityCells({ a }: { a: Activity }) {
  return (
    <>
      <td class="nowrap">{formatTimestamp(nanoToMs(a.firstSeenUnixNano))}</td>
      <td class="nowrap">{formatRelative(nanoToMs(a.lastSeenUnixNano))}</td>
      <td class="num nowrap">
        {formatTokens(a.inputTokens)} / {formatTokens(a.outputTokens)}
      </td>
      <td class="num">{formatCost(a.costUsd)}</td>
    </>
  );
}

/** The headers of `ActivityCells`. */
export function ActivityHeaders() {
  return (
    <>
      <th scope="col">First seen</th>
      <th scope="col">Last seen</th>
      <th scope="col" class="num">Tokens in / out</th>
      <th scope="col" class="num">Cost</th>
    </>
  );
}
