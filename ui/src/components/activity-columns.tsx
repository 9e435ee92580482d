// The columns a sessions or users row ends with: when it was first and last seen, its tokens and its cost.

import { formatCost, formatRelative, formatTimestamp, formatTokens, nanoToMs } from '../lib/format.js';
import type { NanoTime } from '../api/types.js';
import type { Column } from './data-table.js';

export interface Activity {
  firstSeenUnixNano: NanoTime;
  lastSeenUnixNano: NanoTime;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

/** A list of sessions or users ends with these (a column of any row with an `Activity` fits any such list). */
export const ACTIVITY_COLUMNS: Column<Activity>[] = [
  { header: 'First seen', class: 'nowrap', cell: (a) => formatTimestamp(nanoToMs(a.firstSeenUnixNano)) },
  { header: 'Last seen', class: 'nowrap', cell: (a) => formatRelative(nanoToMs(a.lastSeenUnixNano)) },
  { header: 'Tokens in / out', numeric: true, class: 'nowrap', cell: (a) => `${formatTokens(a.inputTokens)} / ${formatTokens(a.outputTokens)}` },
  { header: 'Cost', numeric: true, cell: (a) => formatCost(a.costUsd) },
];
