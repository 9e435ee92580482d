import { describe, expect, it } from 'vitest';
import { waterfallOrder } from './waterfall.js';

const s = (spanId: string, parentSpanId: string, start: string) => ({ spanId, parentSpanId, startTimeUnixNano: start });

describe('waterfallOrder', () => {
  it('walks depth-first with siblings by start time', () => {
    const out = waterfallOrder([s('c2', 'r', '300'), s('r', '', '100'), s('c1', 'r', '200'), s('g', 'c1', '250')]);
    expect(out.map((p) => [p.span.spanId, p.depth])).toEqual([['r', 0], ['c1', 1], ['g', 2], ['c2', 1]]);
  });

  it('compares nanosecond strings numerically, not lexically', () => {
    const out = waterfallOrder([s('b', 'r', '1000'), s('a', 'r', '999'), s('r', '', '1')]);
    expect(out.map((p) => p.span.spanId)).toEqual(['r', 'a', 'b']);
  });

  it('orders siblings with the same start by end time', () => {
    const out = waterfallOrder([
      { spanId: 'llm2', parentSpanId: 'r', startTimeUnixNano: '200', endTimeUnixNano: '900' },
      { spanId: 'tool', parentSpanId: 'r', startTimeUnixNano: '200', endTimeUnixNano: '200' },
      s('r', '', '100'),
    ]);
    expect(out.map((p) => p.span.spanId)).toEqual(['r', 'tool', 'llm2']);
  });

  it('shows a span whose parent never arrived as an orphan root', () => {
    const out = waterfallOrder([s('r', '', '1'), s('x', 'missing', '2'), s('y', 'x', '3')]);
    expect(out.map((p) => [p.span.spanId, p.depth, p.orphan])).toEqual([['r', 0, false], ['x', 0, true], ['y', 1, false]]);
  });

  it('survives parent cycles', () => {
    const out = waterfallOrder([s('a', 'b', '1'), s('b', 'a', '2')]);
    // The cycle is broken at its earliest span, shown as an orphan root.
    expect(out.map((p) => [p.span.spanId, p.depth, p.orphan])).toEqual([['a', 0, true], ['b', 1, false]]);
  });
});
