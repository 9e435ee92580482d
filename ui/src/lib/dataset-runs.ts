// Comparing a dataset's experiment runs: which score names they carry, and which run does best on each metric.

import type { DatasetRunSummaryDto } from '../api/types.js';

/** A run's summary column: items, average latency, total cost, or a score's average. */
export type RunMetric = { kind: 'items' | 'latency' | 'cost' } | { kind: 'score'; name: string };

/** Every score name of the runs, in the order first met. */
export function scoreNames(runs: readonly DatasetRunSummaryDto[]): string[] {
  return [...new Set(runs.flatMap((r) => r.scores.map((s) => s.name)))];
}

export function metricValue(run: DatasetRunSummaryDto, metric: RunMetric): number | null {
  switch (metric.kind) {
    case 'items':
      return run.items;
    case 'latency':
      return run.avgLatencyMs;
    case 'cost':
      return run.totalCostUsd;
    case 'score':
      return run.scores.find((s) => s.name === metric.name)?.avg ?? null;
  }
}

/** A categorical score's labels by how often they were given (`thumbs_up ×3, thumbs_down ×1`); null without labels. */
export function labelSummary(labels: readonly { label: string; count: number }[] | undefined, shown = 2): string | null {
  if (!labels?.length) return null;
  const text = labels.slice(0, shown).map((l) => `${l.label} ×${l.count}`).join(', ');
  return labels.length > shown ? `${text}, …` : text;
}

/** The label summary of a run's score `name`, for a column whose score has no average. */
export function scoreLabels(run: DatasetRunSummaryDto, name: string): string | null {
  return labelSummary(run.scores.find((s) => s.name === name)?.labels);
}

/**
 * The names of the runs with the best value of `metric` (ties share it): the lowest latency and cost, the most items
 * and the highest score. None when fewer than two runs have a value or all values are equal — nothing stands out.
 */
export function bestRuns(runs: readonly DatasetRunSummaryDto[], metric: RunMetric): Set<string> {
  const valued = runs.flatMap((r) => {
    const v = metricValue(r, metric);
    return v === null || !Number.isFinite(v) ? [] : [{ name: r.name, v }];
  });
  if (valued.length < 2) return new Set();
  const lowerWins = metric.kind === 'latency' || metric.kind === 'cost';
  const best = lowerWins ? Math.min(...valued.map((x) => x.v)) : Math.max(...valued.map((x) => x.v));
  const winners = valued.filter((x) => x.v === best);
  return winners.length === valued.length ? new Set() : new Set(winners.map((x) => x.name));
}
