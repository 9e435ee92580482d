import { describe, expect, it } from 'vitest';
import { barGeometry, buildWaterfall, criticalPath, timeTicks, visibleRows } from './waterfall.js';
import { makeSpan } from './test-spans.js';

// agent(0-100) → llm1(0-30), tools a(30-60) and b(30-45) in parallel, llm2(60-100)
const agentTrace = () =>
  buildWaterfall([
    makeSpan('agent', '', 0, 100, 0, { type: 'agent' }),
    makeSpan('llm1', 'agent', 0, 30, 1, { type: 'llm' }),
    makeSpan('toolA', 'agent', 30, 60, 1, { type: 'tool' }),
    makeSpan('http', 'toolA', 35, 55, 2),
    makeSpan('toolB', 'agent', 30, 45, 1, { type: 'tool', error: true }),
    makeSpan('llm2', 'agent', 60, 100, 1, { type: 'llm' }),
  ]);

describe('waterfall', () => {
  it('computes times relative to the trace, types and errors', () => {
    const wf = agentTrace();
    expect(wf.endMs - wf.startMs).toBe(100);
    expect(wf.rows.map((r) => r.type)).toEqual(['agent', 'llm', 'tool', 'other', 'tool', 'llm']);
    expect(wf.rows.find((r) => r.span.spanId === 'toolB')!.error).toBe(true);
    expect(wf.rows[0].childCount).toBe(4);
    expect(wf.rows[0].startMs - wf.startMs).toBe(0);
  });

  it('collapsing a span hides its descendants only', () => {
    const wf = agentTrace();
    expect(visibleRows(wf.rows, new Set(['toolA'])).map((r) => r.span.spanId)).toEqual([
      'agent', 'llm1', 'toolA', 'toolB', 'llm2',
    ]);
    expect(visibleRows(wf.rows, new Set(['agent'])).map((r) => r.span.spanId)).toEqual(['agent']);
    expect(visibleRows(wf.rows, new Set())).toHaveLength(6);
  });

  it('critical path follows the last-finishing child back in time', () => {
    const path = criticalPath(agentTrace());
    expect([...path].sort()).toEqual(['agent', 'http', 'llm1', 'llm2', 'toolA']);
    expect(path.has('toolB')).toBe(false);
  });

  it('keeps back-to-back steps on the path when millisecond start times make them overlap', () => {
    // As the OTel JS SDK records them: starts are whole ms, ends precise. llm1 really ended before the tool began.
    const wf = buildWaterfall([
      makeSpan('agent', '', 471, 621.727, 0, { type: 'agent' }),
      makeSpan('llm1', 'agent', 471, 494.276, 1, { type: 'llm' }),
      makeSpan('llm2', 'agent', 494, 620.64, 1, { type: 'llm' }),
      makeSpan('tool', 'agent', 494, 494.068, 1, { type: 'tool' }),
    ]);
    expect([...criticalPath(wf)]).toEqual(['agent', 'llm2', 'tool', 'llm1']);
  });

  it('positions bars within a zoom window and drops spans outside it', () => {
    expect(barGeometry(30, 60, 0, 100)).toEqual({ leftPct: 30, widthPct: 30 });
    expect(barGeometry(30, 60, 30, 60)).toEqual({ leftPct: 0, widthPct: 100 });
    expect(barGeometry(0, 20, 30, 60)).toBeNull();
    expect(barGeometry(20, 40, 30, 60)!.leftPct).toBe(0);
  });

  it('tolerates orphans and an empty trace', () => {
    const wf = buildWaterfall([makeSpan('x', 'missing-parent', 5, 10, 0), makeSpan('y', '', 0, 4, 0)]);
    expect(criticalPath(wf).has('x')).toBe(true);
    expect(buildWaterfall([]).rows).toEqual([]);
    expect(criticalPath(buildWaterfall([])).size).toBe(0);
  });

  it('makes round ticks', () => {
    expect(timeTicks(100, 5).map((t) => t.label)).toEqual(['0 ms', '20 ms', '40 ms', '60 ms', '80 ms', '100 ms']);
    expect(timeTicks(2500, 5)[1].label).toBe('500 ms');
    expect(timeTicks(25_000, 5)[1].label).toBe('5 s');
  });
});
