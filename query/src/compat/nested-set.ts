/** A span's place in its trace's tree: what nested-set numbering needs. */
export interface TreeSpan {
  spanId: string;
  /** '' for a root. */
  parentSpanId: string;
  startNs: bigint;
}

/** Tempo's nested-set bounds: a span's descendants are numbered strictly between its left and right. */
export interface NestedSet {
  left: number;
  right: number;
  /** The parent's left; -1 for a root, 0 for the top of a subtree whose parent never arrived. */
  parent: number;
}

/**
 * Numbers one trace's spans depth first from 1 (children in start order), roots first, then
 * subtrees whose parent is missing. Spans on a parent cycle (never reached from a top) are left out.
 */
export function nestedSets(spans: TreeSpan[]): Map<string, NestedSet> {
  const byId = new Map<string, TreeSpan>();
  for (const s of spans) if (!byId.has(s.spanId)) byId.set(s.spanId, s);
  const children = new Map<string, TreeSpan[]>();
  const tops: TreeSpan[] = [];
  for (const s of byId.values()) {
    if (s.parentSpanId !== '' && byId.has(s.parentSpanId) && s.parentSpanId !== s.spanId) {
      const list = children.get(s.parentSpanId);
      if (list) list.push(s);
      else children.set(s.parentSpanId, [s]);
    } else {
      tops.push(s);
    }
  }
  const byStart = (a: TreeSpan, b: TreeSpan) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : a.spanId < b.spanId ? -1 : 1);
  tops.sort((a, b) => Number(a.parentSpanId !== '') - Number(b.parentSpanId !== '') || byStart(a, b));
  const out = new Map<string, NestedSet>();
  let next = 1;
  for (const top of tops) {
    // Iterative depth-first walk: deep traces must not exhaust the call stack.
    const stack: { span: TreeSpan; parent: number; entered: boolean }[] = [{ span: top, parent: top.parentSpanId === '' ? -1 : 0, entered: false }];
    while (stack.length) {
      const frame = stack[stack.length - 1];
      if (!frame.entered) {
        frame.entered = true;
        const left = next++;
        out.set(frame.span.spanId, { left, right: 0, parent: frame.parent });
        const kids = (children.get(frame.span.spanId) ?? []).sort(byStart);
        for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i], parent: left, entered: false });
      } else {
        out.get(frame.span.spanId)!.right = next++;
        stack.pop();
      }
    }
  }
  return out;
}
