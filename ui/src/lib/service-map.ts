// Layout of the service map: columns by distance from who starts the traces, rows by traffic.

import type { MapEdge, MapNode } from '../api/types.js';

export interface PlacedNode extends MapNode {
  column: number;
  row: number;
}

export interface MapLayout {
  nodes: PlacedNode[];
  edges: MapEdge[];
  columns: number;
  rows: number;
}

/**
 * Places each node in the column of its shortest distance from the entry points ("user", or
 * nodes nothing calls), so calls read left to right; a node reached by none (a cycle of its own)
 * goes after the others. Within a column, the busiest node is on top.
 */
export function layoutServiceMap(nodes: MapNode[], edges: MapEdge[]): MapLayout {
  const out = new Map<string, string[]>();
  const called = new Set<string>();
  for (const e of edges) {
    out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
    called.add(e.target);
  }
  const depth = new Map<string, number>();
  let frontier = nodes.filter((n) => n.kind === 'user' || !called.has(n.id)).map((n) => n.id);
  for (const id of frontier) depth.set(id, 0);
  for (let d = 1; frontier.length; d++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const to of out.get(id) ?? []) {
        if (depth.has(to)) continue;
        depth.set(to, d);
        next.push(to);
      }
    }
    frontier = next;
  }
  const deepest = Math.max(-1, ...depth.values());
  const columns: PlacedNode[][] = [];
  for (const n of nodes) {
    const column = depth.get(n.id) ?? deepest + 1;
    (columns[column] ??= []).push({ ...n, column, row: 0 });
  }
  const placed: PlacedNode[] = [];
  for (const col of columns.filter(Boolean)) {
    col.sort((a, b) => b.calls - a.calls || a.id.localeCompare(b.id));
    col.forEach((n, row) => placed.push({ ...n, row }));
  }
  const used = [...new Set(placed.map((n) => n.column))].sort((a, b) => a - b);
  // Columns left empty (none reached at that depth) close up.
  for (const n of placed) n.column = used.indexOf(n.column);
  return { nodes: placed, edges, columns: used.length, rows: Math.max(0, ...columns.filter(Boolean).map((c) => c.length)) };
}

/** Where a node's traces are listed: by service or model filter, by text for agents and tools. */
export function nodeTracesQuery(n: MapNode): string | null {
  switch (n.kind) {
    case 'service':
      return new URLSearchParams({ service: n.name }).toString();
    case 'llm':
      return new URLSearchParams({ model: n.name }).toString();
    case 'agent':
    case 'tool':
      return new URLSearchParams({ q: n.name }).toString();
    default:
      return null;
  }
}
