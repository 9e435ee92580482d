/**
 * Which rollup rows cover a time range: whole hours from an hour table, the minutes at either
 * edge from the minute table, so a 30-day read touches ~720 hour buckets instead of 43,200 minutes.
 * Rollups are per minute: a range includes every minute it touches.
 */
import { ROLLUP_TABLES, type Store } from '@watchllm/collector';
import { dateTimeSeconds, Predicates } from './query.js';

export interface UsageFilter {
  projectId: string;
  startMs: number;
  endMs: number;
  service?: string;
  model?: string;
  provider?: string;
  operation?: string;
  agent?: string;
  userId?: string;
}

/** Rollup dimension columns a filter or a groupBy may name; identifiers come only from here. */
export const USAGE_DIMENSIONS = {
  service: 'ServiceName',
  model: 'Model',
  provider: 'Provider',
  operation: 'Operation',
  agent: 'AgentName',
  user: 'UserId',
} as const;

export interface BucketPlan {
  /** [start, end) unix seconds read from the hour table; absent when the range holds no whole hour. */
  hours?: [number, number];
  /** [start, end) unix-second ranges read from the minute table. */
  minutes: [number, number][];
}

export function planBuckets(startMs: number, endMs: number, stepSeconds = 3600): BucketPlan {
  const s = Math.floor(dateTimeSeconds(startMs) / 60) * 60;
  const e = Math.ceil(dateTimeSeconds(endMs) / 60) * 60;
  // Hour rows can serve only steps made of whole hours.
  if (stepSeconds % 3600 !== 0) return { minutes: [[s, e]] };
  const hs = Math.ceil(s / 3600) * 3600;
  const he = Math.floor(e / 3600) * 3600;
  if (hs >= he) return { minutes: [[s, e]] };
  return { hours: [hs, he], minutes: ([[s, hs], [he, e]] as [number, number][]).filter(([a, b]) => a < b) };
}

const columns = (user: string) => `Time, ServiceName, Provider, Model, Operation, AgentName, ${user}, Calls, Errors, PricedCalls, UnpricedCalls,
  CostUsdSum, InputTokens, OutputTokens, CacheReadTokens, CacheWriteTokens, ReasoningTokens, LatencyMs, TtftMs, TtftCount`;

/**
 * A subquery over the rollup tables, filtered by project, dimensions and time; binds its values into `params`.
 * `byUser`: the caller groups by user, so whole hours come from the (larger) per-user hour table.
 */
export function usageSource(
  store: Store,
  filter: UsageFilter,
  params: Record<string, unknown>,
  opts: { stepSeconds?: number; byUser?: boolean; modelCallsOnly?: boolean } = {},
): string {
  const withUser = opts.byUser === true || filter.userId !== undefined;
  const dims = new Predicates(params).add('ProjectId = {}', ['String', filter.projectId]);
  // Rollup rows of wrapper spans (agents, tools, workflows) carry no model: leave them out
  // where a caller counts model calls, so `calls` means LLM/embedding calls and no null-model rows appear.
  if (opts.modelCallsOnly) dims.add("Model != ''");
  const equal: [keyof typeof USAGE_DIMENSIONS, string | undefined][] = [
    ['service', filter.service],
    ['model', filter.model],
    ['provider', filter.provider],
    ['operation', filter.operation],
    ['agent', filter.agent],
    ['user', filter.userId],
  ];
  for (const [dim, value] of equal) if (value !== undefined) dims.add(`${USAGE_DIMENSIONS[dim]} = {}`, ['String', value]);
  const plan = planBuckets(filter.startMs, filter.endMs, opts.stepSeconds);
  const parts: string[] = [];
  const range = (p: Predicates, [a, b]: [number, number]) =>
    p.add('(Time >= toDateTime({}) AND Time < toDateTime({}))', ['UInt32', a], ['UInt32', b]).clauses.pop()!;
  if (plan.hours) {
    const t = new Predicates(params);
    const table = withUser ? ROLLUP_TABLES.genAiUserHour : ROLLUP_TABLES.genAiHour;
    parts.push(`SELECT ${columns(withUser ? 'UserId' : "'' AS UserId")} FROM ${store.table(table)} WHERE ${dims.sql()} AND ${range(t, plan.hours)}`);
  }
  const t = new Predicates(params);
  const minuteRanges = plan.minutes.map((m) => range(t, m));
  if (minuteRanges.length) {
    parts.push(`SELECT ${columns('UserId')} FROM ${store.table(ROLLUP_TABLES.genAiMinute)} WHERE ${dims.sql()} AND (${minuteRanges.join(' OR ')})`);
  }
  return `(${parts.join('\nUNION ALL\n')})`;
}
