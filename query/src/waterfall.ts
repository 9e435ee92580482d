/** Orders spans as a waterfall: depth-first from each root, siblings by start time. */
export interface TreeNode {
  spanId: string;
  parentSpanId: string;
  startTimeUnixNano: string;
  /** Breaks start-time ties: SDKs with millisecond clocks give back-to-back siblings one start. */
  endTimeUnixNano?: string;
}

export interface Placed<T> {
  span: T;
  depth: number;
  /** The span names a parent that is not in the trace. */
  orphan: boolean;
}

function compareNanos(a: string, b: string): number {
  // Decimal strings without leading zeros: longer is larger.
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function waterfallOrder<T extends TreeNode>(spans: T[]): Placed<T>[] {
  const byId = new Map<string, T>();
  for (const s of spans) byId.set(s.spanId, s);
  const children = new Map<string, T[]>();
  const roots: { span: T; orphan: boolean }[] = [];
  for (const s of spans) {
    const hasParent = s.parentSpanId !== '' && s.parentSpanId !== s.spanId;
    if (hasParent && byId.has(s.parentSpanId)) {
      const list = children.get(s.parentSpanId);
      if (list) list.push(s);
      else children.set(s.parentSpanId, [s]);
    } else {
      roots.push({ span: s, orphan: hasParent });
    }
  }
  const byStart = (a: T, b: T) =>
    compareNanos(a.startTimeUnixNano, b.startTimeUnixNano) || compareNanos(a.endTimeUnixNano ?? '0', b.endTimeUnixNano ?? '0');
  roots.sort((a, b) => byStart(a.span, b.span));
  for (const list of children.values()) list.sort(byStart);

  const out: Placed<T>[] = [];
  const seen = new Set<string>();
  const visit = (span: T, depth: number, orphan: boolean) => {
    const stack: { span: T; depth: number; orphan: boolean }[] = [{ span, depth, orphan }];
    while (stack.length) {
      const cur = stack.pop()!;
      if (seen.has(cur.span.spanId)) continue;
      seen.add(cur.span.spanId);
      out.push({ span: cur.span, depth: cur.depth, orphan: cur.orphan });
      const kids = children.get(cur.span.spanId) ?? [];
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i], depth: cur.depth + 1, orphan: false });
    }
  };
  for (const r of roots) visit(r.span, 0, r.orphan);
  // Spans caught in a parent cycle never reach a root: show them as orphan roots.
  for (const s of spans) if (!seen.has(s.spanId)) visit(s, 0, true);
  return out;
}
