import { describe, expect, it } from 'vitest';
import type { DatasetRunSummaryDto } from '../api/types.js';
import { bestRuns, labelSummary, metricValue, scoreLabels, scoreNames } from './dataset-runs.js';

const run = (name: string, r: Partial<DatasetRunSummaryDto>): DatasetRunSummaryDto => ({
  name, description: null, metadata: null, createdAt: '2025-01-01T00:00:00Z', items: 3, avgLatencyMs: null, totalCostUsd: null, scores: [], ...r,
});
const a = run('a', { items: 3, avgLatencyMs: 900, totalCostUsd: 0.02, scores: [{ name: 'correct', avg: 0.5, count: 3 , labels: [] }] });
const b = run('b', { items: 2, avgLatencyMs: 400, totalCostUsd: 0.03, scores: [{ name: 'correct', avg: 0.9, count: 2 , labels: [] }, { name: 'tone', avg: 1, count: 2 , labels: [] }] });
const c = run('c', { items: 3, avgLatencyMs: 400, totalCostUsd: null, scores: [] });

describe('comparing runs', () => {
  it('collects score names in the order first met', () => {
    expect(scoreNames([a, b, c])).toEqual(['correct', 'tone']);
  });

  it('reads each metric, null when a run lacks it', () => {
    expect(metricValue(b, { kind: 'score', name: 'tone' })).toBe(1);
    expect(metricValue(a, { kind: 'score', name: 'tone' })).toBeNull();
    expect(metricValue(c, { kind: 'cost' })).toBeNull();
  });

  it('marks the fastest and cheapest, the most items and the highest score, ties together', () => {
    expect(bestRuns([a, b, c], { kind: 'latency' })).toEqual(new Set(['b', 'c']));
    expect(bestRuns([a, b, c], { kind: 'cost' })).toEqual(new Set(['a']));
    expect(bestRuns([a, b, c], { kind: 'items' })).toEqual(new Set(['a', 'c']));
    expect(bestRuns([a, b, c], { kind: 'score', name: 'correct' })).toEqual(new Set(['b']));
  });

  it('marks nothing when fewer than two runs have a value or all are equal', () => {
    expect(bestRuns([a, b, c], { kind: 'score', name: 'tone' })).toEqual(new Set());
    expect(bestRuns([a], { kind: 'latency' })).toEqual(new Set());
    expect(bestRuns([a, run('d', { items: 3 })], { kind: 'items' })).toEqual(new Set());
  });

  it('sums a categorical score up by its labels, the most frequent first', () => {
    const feedback = run('f', { scores: [{ name: 'user_feedback', avg: null, count: 4, labels: [{ label: 'thumbs_up', count: 2 }, { label: 'thumbs_down', count: 1 }, { label: 'meh', count: 1 }] }] });
    expect(scoreLabels(feedback, 'user_feedback')).toBe('thumbs_up ×2, thumbs_down ×1, …');
    expect(labelSummary([{ label: 'yes', count: 3 }])).toBe('yes ×3');
    expect(scoreLabels(a, 'correct')).toBeNull();
  });
});
