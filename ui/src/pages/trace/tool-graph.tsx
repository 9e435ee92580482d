// Small SVG of the tool-call graph: LLM step → the tools it requested → the LLM step that used their results.

import type { Step, StepEdge } from '../../api/types.js';
import { layoutToolGraph } from '../../lib/steps.js';

const NODE_W = 128;
const NODE_H = 30;
const GAP_X = 48;
const GAP_Y = 14;
const PAD = 8;

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function ToolGraph({ steps, edges, selected, onSelect }: { steps: Step[]; edges: StepEdge[]; selected: string | null; onSelect: (spanId: string) => void }) {
  const g = layoutToolGraph(steps, edges);
  if (g.nodes.length === 0) return <div class="muted">No LLM or tool steps to draw.</div>;
  const pos = new Map(g.nodes.map((n) => [n.spanId, { x: PAD + n.column * (NODE_W + GAP_X), y: PAD + n.row * (NODE_H + GAP_Y) }]));
  const width = PAD * 2 + g.columns * NODE_W + (g.columns - 1) * GAP_X;
  const height = PAD * 2 + g.rows * NODE_H + (g.rows - 1) * GAP_Y;
  return (
    <div class="graph-wrap">
      <svg class="tool-graph" data-testid="tool-graph" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Tool-call graph with ${g.nodes.length} steps`}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
          </marker>
        </defs>
        {g.edges.map((e, i) => {
          const a = pos.get(e.from)!;
          const b = pos.get(e.to)!;
          const x1 = a.x + NODE_W;
          const y1 = a.y + NODE_H / 2;
          const x2 = b.x;
          const y2 = b.y + NODE_H / 2;
          const mid = (x1 + x2) / 2;
          return <path key={i} class={`edge edge-${e.kind}`} d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2 - 2},${y2}`} marker-end="url(#arrow)" />;
        })}
        {g.nodes.map((n) => {
          const p = pos.get(n.spanId)!;
          return (
            <g
              key={n.spanId}
              class={`node type-${n.type}${n.spanId === selected ? ' selected' : ''}`}
              transform={`translate(${p.x},${p.y})`}
              tabIndex={0}
              role="button"
              aria-label={`Step ${n.index + 1}: ${n.type} ${n.label}`}
              onClick={() => onSelect(n.spanId)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onSelect(n.spanId))}
            >
              <rect width={NODE_W} height={NODE_H} rx="6" />
              <text x="8" y={NODE_H / 2 + 4}>
                {`${n.index + 1}. ${truncate(n.label, 15)}`}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
