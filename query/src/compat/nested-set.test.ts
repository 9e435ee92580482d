import { describe, expect, it } from 'vitest';
import { nestedSets, type TreeSpan } from './nested-set.js';

const span = (spanId: string, parentSpanId: string, start: number): TreeSpan => ({ spanId, parentSpanId, startNs: BigInt(start) });

describe('nestedSets', () => {
  it('numbers a trace depth first, children in start order, each subtree inside its parent', () => {
    const sets = nestedSets([span('c2', 'r', 30), span('r', '', 0), span('c1', 'r', 10), span('g', 'c1', 20)]);
    expect(Object.fromEntries(sets)).toEqual({
      r: { left: 1, right: 8, parent: -1 },
      c1: { left: 2, right: 5, parent: 1 },
      g: { left: 3, right: 4, parent: 2 },
      c2: { left: 6, right: 7, parent: 1 },
    });
  });

  it('numbers subtrees whose parent is missing after the roots, with parent 0; leaves out cycles and duplicates', () => {
    const sets = nestedSets([span('o', 'missing', 0), span('r', '', 5), span('r', '', 5), span('a', 'b', 1), span('b', 'a', 2), span('s', 's', 3)]);
    expect(Object.fromEntries(sets)).toEqual({
      r: { left: 1, right: 2, parent: -1 },
      o: { left: 3, right: 4, parent: 0 },
      s: { left: 5, right: 6, parent: 0 },
    });
  });

  it('keeps containment for random trees, and walks a 100,000-deep chain', () => {
    for (let t = 0; t < 50; t++) {
      const spans = [span('0', '', 0)];
      for (let i = 1; i < 60; i++) spans.push(span(String(i), String(Math.floor(Math.random() * i)), Math.floor(Math.random() * 100)));
      const sets = nestedSets(spans);
      expect(sets.size).toBe(60);
      for (const s of spans.slice(1)) {
        const me = sets.get(s.spanId)!;
        const parent = sets.get(s.parentSpanId)!;
        expect(me.parent).toBe(parent.left);
        expect(me.left > parent.left && me.right < parent.right).toBe(true);
      }
    }
    const chain = Array.from({ length: 100_000 }, (_, i) => span(String(i), i ? String(i - 1) : '', i));
    expect(nestedSets(chain).get('99999')).toEqual({ left: 100_000, right: 100_001, parent: 99_999 });
  });
});
