// Waterfall geometry: span rows positioned on a time window, collapse/expand, and the critical path.

import type { Span, StepType } from '../api/types.js';
import { nanoToMs } from './format.js';

export interface WaterfallRow {
  span: Span;
  startMs: number;
  endMs: number;
  depth: number;
  childCount: number;
  type: StepType;
  error: boolean;
}

export interface Waterfall {
  rows: WaterfallRow[];
  startMs: number;
  endMs: number;
  /** parent span id → child span ids, in waterfall order. */
  children: Map<string, string[]>;
}

export function spanType(span: Span): StepType {
  return span.genAi?.stepType ?? 'other';
}

/** Rows keep the server's depth-first order; times become ms; a span missing its end uses its duration. */
export function buildWaterfall(spans: Span[]): Waterfall {
  const children = new Map<string, string[]>();
  const ids = new Set(spans.map((s) => s.spanId));
  for (const s of spans) {
    if (s.parentSpanId && ids.has(s.parentSpanId)) {
      const list = children.get(s.parentSpanId) ?? [];
      list.push(s.spanId);
      children.set(s.parentSpanId, list);
    }
  }
  let startMs = Infinity;
  let endMs = -Infinity;
  const rows = spans.map((span): WaterfallRow => {
    const start = nanoToMs(span.startTimeUnixNano);
    let end = nanoToMs(span.endTimeUnixNano);
    if (!Number.isFinite(end)) end = start + (span.durationMs || 0);
    if (Number.isFinite(start)) startMs = Math.min(startMs, start);
    if (Number.isFinite(end)) endMs = Math.max(endMs, end);
    return {
      span,
      startMs: start,
      endMs: end,
      depth: span.depth ?? 0,
      childCount: children.get(span.spanId)?.length ?? 0,
      type: spanType(span),
      error: span.status?.code === 'ERROR',
    };
  });
  if (!Number.isFinite(startMs)) startMs = 0;
  if (!Number.isFinite(endMs) || endMs < startMs) endMs = startMs;
  return { rows, startMs, endMs, children };
}

/** Rows whose ancestors are all expanded. Depth-first order means a collapsed span hides the run of deeper rows after it. */
export function visibleRows(rows: WaterfallRow[], collapsed: ReadonlySet<string>): WaterfallRow[] {
  const out: WaterfallRow[] = [];
  let hideDeeperThan = Infinity;
  for (const row of rows) {
    if (row.depth > hideDeeperThan) continue;
    hideDeeperThan = Infinity;
    out.push(row);
    if (collapsed.has(row.span.spanId) && row.childCount > 0) hideDeeperThan = row.depth;
  }
  return out;
}

export interface BarGeometry {
  leftPct: number;
  widthPct: number;
}

/** Bar position within [windowStart, windowEnd]; null when the span lies outside the window. */
export function barGeometry(startMs: number, endMs: number, windowStart: number, windowEnd: number): BarGeometry | null {
  const span = Math.max(windowEnd - windowStart, 1e-6);
  if (endMs < windowStart || startMs > windowEnd) return null;
  const left = Math.max(startMs, windowStart);
  const right = Math.min(Math.max(endMs, startMs), windowEnd);
  const leftPct = ((left - windowStart) / span) * 100;
  const widthPct = ((right - left) / span) * 100;
  return { leftPct, widthPct };
}

/**
 * JS SDKs take a span's start from Date.now() (whole milliseconds) and its end from a precise clock, so siblings
 * that ran back to back can seem to overlap by up to a millisecond: within this slack, "ended before" still holds.
 */
const CLOCK_SLACK_MS = 1;

/**
 * Critical path, as Jaeger draws it: from the root, walk back from the span's end, repeatedly taking the
 * child that finished last before the current point; each chosen child contributes its own critical path.
 * Ends within the clock slack count as simultaneous: the child that started later ran last.
 */
export function criticalPath(wf: Waterfall): Set<string> {
  const byId = new Map(wf.rows.map((r) => [r.span.spanId, r]));
  const result = new Set<string>();
  const tops = wf.rows.filter((r) => !r.span.parentSpanId || !byId.has(r.span.parentSpanId));
  if (tops.length === 0) return result;
  const root = tops.reduce((best, r) => (r.endMs - r.startMs > best.endMs - best.startMs ? r : best));

  const visit = (row: WaterfallRow) => {
    result.add(row.span.spanId);
    const kids = (wf.children.get(row.span.spanId) ?? []).map((id) => byId.get(id)!).filter(Boolean);
    // Children that overrun their parent are clamped to the parent's end.
    const end = (k: WaterfallRow) => Math.min(k.endMs, row.endMs);
    const ranLater = (k: WaterfallRow, than: WaterfallRow) => {
      const d = end(k) - end(than);
      return d > CLOCK_SLACK_MS || (d >= -CLOCK_SLACK_MS && k.startMs > than.startMs);
    };
    let cursor = row.endMs;
    const remaining = new Set(kids);
    while (remaining.size > 0) {
      let pick: WaterfallRow | null = null;
      for (const k of remaining) if (end(k) <= cursor + CLOCK_SLACK_MS && (!pick || ranLater(k, pick))) pick = k;
      if (!pick) break;
      visit(pick);
      cursor = pick.startMs;
      // Children that ended after the cursor moved before them cannot be on the path any more.
      for (const k of [...remaining]) if (k === pick || end(k) > cursor + CLOCK_SLACK_MS) remaining.delete(k);
    }
  };
  visit(root);
  return result;
}

export interface Tick {
  offsetMs: number;
  label: string;
}

const NICE = [1, 2, 5];

/** About `count` round-valued ticks across a window of `widthMs`. */
export function timeTicks(widthMs: number, count = 5): Tick[] {
  if (!(widthMs > 0)) return [{ offsetMs: 0, label: '0 ms' }];
  const rough = widthMs / count;
  const mag = 10 ** Math.floor(Math.log10(rough));
  const step = (NICE.find((n) => n * mag >= rough) ?? 10) * mag;
  const ticks: Tick[] = [];
  for (let t = 0; t <= widthMs + step * 1e-9; t += step) ticks.push({ offsetMs: t, label: tickLabel(t, step) });
  return ticks;
}

function tickLabel(ms: number, step: number): string {
  if (step >= 1000) return `${+(ms / 1000).toFixed(step >= 10_000 ? 0 : 1)} s`;
  if (step >= 1) return `${+ms.toFixed(0)} ms`;
  return `${+ms.toFixed(3)} ms`;
}
