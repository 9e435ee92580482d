// Service map: who calls whom over a time range — the user, services, agents, models and tools — with traffic,
// errors and latency on every call, and the same numbers as a table.

import { useMemo } from 'preact/hooks';
import type { MapEdge, MapNode, ServiceMapResponse } from '../../api/types.js';
import { apiUrl } from '../../api/client.js';
import { useApi } from '../../lib/use-api.js';
import { parseFilters, resolveTimeRange } from '../../lib/filters.js';
import { ErrorBox } from '../../components/common.js';
import { RangeFieldFilter } from '../../components/range-field-filter.js';
import { DataTable, type Column } from '../../components/data-table.js';
import { formatCost, formatDuration, formatInt, formatPercent, formatTokens } from '../../lib/format.js';
import { navigate } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { layoutServiceMap, nodeTracesQuery, type PlacedNode } from '../../lib/service-map.js';

const NODE_W = 168;
const NODE_H = 44;
const GAP_X = 96;
const GAP_Y = 18;
const PAD = 10;
const KIND_LABEL: Record<MapNode['kind'], string> = { user: 'user', service: 'service', agent: 'agent', llm: 'model', tool: 'tool' };

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const errorRate = (x: { calls: number; errors: number }) => (x.calls > 0 ? x.errors / x.calls : 0);

export function MapPage({ search }: { search: string }) {
  const params = new URLSearchParams(search);
  const filters = parseFilters(search);
  const service = params.get('service') ?? '';
  const url = useMemo(() => {
    const { start, end } = resolveTimeRange(filters, Date.now());
    return apiUrl('/api/v1/service-map', { start, end, service: service || undefined });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);
  const { data, error, loading, reload } = useApi<ServiceMapResponse>(url);
  const names = useMemo(() => new Map((data?.nodes ?? []).map((n) => [n.id, n])), [data]);

  return (
    <section class="page" aria-labelledby="map-title">
      <div class="page-head">
        <h1 id="map-title">Service map</h1>
      </div>
      <RangeFieldFilter search={search} field={{ name: 'service', label: 'Traces through service', value: service }} />
      {error && <ErrorBox message={error} onRetry={reload} />}
      {loading && !data && <div class="muted">Loading the map…</div>}
      {data && data.edges.length === 0 && <div class="muted">No calls in this time range.</div>}
      {data && data.edges.length > 0 && (
        <>
          <MapGraph nodes={data.nodes} edges={data.edges} />
          <EdgeTable edges={data.edges} names={names} />
        </>
      )}
    </section>
  );
}

function MapGraph({ nodes, edges }: { nodes: MapNode[]; edges: MapEdge[] }) {
  const g = layoutServiceMap(nodes, edges);
  const pos = new Map(g.nodes.map((n) => [n.id, { x: PAD + n.column * (NODE_W + GAP_X), y: PAD + n.row * (NODE_H + GAP_Y) }]));
  const width = PAD * 2 + g.columns * NODE_W + Math.max(0, g.columns - 1) * GAP_X;
  const height = PAD * 2 + g.rows * NODE_H + Math.max(0, g.rows - 1) * GAP_Y;
  const busiest = Math.max(1, ...edges.map((e) => e.calls));
  const open = (n: PlacedNode) => {
    const q = nodeTracesQuery(n);
    if (q !== null) navigate(paths.traces(q));
  };
  return (
    <div class="graph-wrap">
      <svg class="service-map" data-testid="service-map" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Service map: ${g.nodes.length} nodes, ${edges.length} calls between them`}>
        <defs>
          <marker id="map-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
          </marker>
        </defs>
        {edges.map((e) => {
          const a = pos.get(e.source);
          const b = pos.get(e.target);
          if (!a || !b) return null;
          const forward = b.x > a.x;
          const x1 = forward ? a.x + NODE_W : a.x + NODE_W / 2;
          const y1 = forward ? a.y + NODE_H / 2 : a.y + NODE_H;
          const x2 = forward ? b.x : b.x + NODE_W / 2;
          const y2 = forward ? b.y + NODE_H / 2 : b.y + NODE_H;
          // Calls back to an earlier column (or within one) loop below the nodes.
          const d = forward ? `M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2 - 2},${y2}` : `M${x1},${y1} C${x1},${y1 + 40} ${x2},${y2 + 40} ${x2},${y2 + 2}`;
          const failing = errorRate(e) > 0.05;
          return (
            <g key={`${e.source}>${e.target}`}>
              <path class={`edge${failing ? ' failing' : ''}`} data-testid="map-edge" d={d} marker-end="url(#map-arrow)" style={{ strokeWidth: 1.2 + (3 * Math.log1p(e.calls)) / Math.log1p(busiest) }}>
                <title>{`${e.source} → ${e.target}: ${formatInt(e.calls)} calls, ${formatPercent(errorRate(e))} errors, p50 ${formatDuration(e.p50Ms)}`}</title>
              </path>
              {/* Calls at the edge's middle, where edges sharing an end have parted. */}
              {forward && (
                <text class="edge-label" x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 3} text-anchor="middle">
                  {formatInt(e.calls)}
                </text>
              )}
            </g>
          );
        })}
        {g.nodes.map((n) => {
          const p = pos.get(n.id)!;
          const link = nodeTracesQuery(n) !== null;
          return (
            <g
              key={n.id}
              class={`node kind-${n.kind}${n.errors > 0 ? ' has-errors' : ''}`}
              data-testid="map-node"
              data-node-id={n.id}
              transform={`translate(${p.x},${p.y})`}
              tabIndex={link ? 0 : -1}
              role={link ? 'link' : undefined}
              aria-label={`${KIND_LABEL[n.kind]} ${n.name}: ${formatInt(n.calls)} calls, ${formatInt(n.errors)} errors`}
              onClick={() => open(n)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), open(n))}
            >
              <rect width={NODE_W} height={NODE_H} rx="6" />
              <text x="8" y="17" class="node-name">
                {truncate(n.name, 22)}
              </text>
              <text x="8" y="34" class="node-facts">
                {`${KIND_LABEL[n.kind]} · ${formatInt(n.calls)} calls${n.errors ? ` · ${formatPercent(errorRate(n))} err` : ''}`}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function EdgeTable({ edges, names }: { edges: MapEdge[]; names: Map<string, MapNode> }) {
  const label = (id: string) => {
    const n = names.get(id);
    return n ? `${n.name} (${KIND_LABEL[n.kind]})` : id;
  };
  const columns: Column<MapEdge>[] = [
    { header: 'From', cell: (e) => label(e.source) },
    { header: 'To', cell: (e) => label(e.target) },
    ...EDGE_NUMBERS,
  ];
  return <DataTable columns={columns} rows={edges} rowKey={(e) => `${e.source}>${e.target}`} caption="Calls between nodes" testid="map-edges" rowTestid="map-edge-row" />;
}

const EDGE_NUMBERS: Column<MapEdge>[] = [
  { header: 'Calls', numeric: true, cell: (e) => formatInt(e.calls) },
  { header: 'Errors', numeric: true, cell: (e) => (e.errors ? `${formatInt(e.errors)} (${formatPercent(errorRate(e))})` : '0') },
  { header: 'p50', numeric: true, cell: (e) => formatDuration(e.p50Ms) },
  { header: 'p95', numeric: true, cell: (e) => formatDuration(e.p95Ms) },
  { header: 'Tokens', numeric: true, cell: (e) => (e.tokens ? formatTokens(e.tokens) : '—') },
  { header: 'Cost', numeric: true, cell: (e) => formatCost(e.costUsd) },
];
