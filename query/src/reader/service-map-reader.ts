import { TABLES, type Store } from '@watchllm/collector';
import { msToNanos, Predicates, readRows } from './query.js';

export interface ServiceMapFilter {
  projectId: string;
  startMs: number;
  endMs: number;
  /** Only edges of traces that touch this service. */
  service?: string;
}

/** What a node stands for: who starts traces, a service's own code, an agent, a model, a tool. */
export type MapNodeKind = 'user' | 'service' | 'agent' | 'llm' | 'tool';

export interface MapNode {
  id: string;
  kind: MapNodeKind;
  name: string;
  /** Spans the node stands for (calls into it), and how many failed. */
  calls: number;
  errors: number;
}

export interface MapEdge {
  source: string;
  target: string;
  calls: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  tokens: number;
  /** Known cost of the calls (null when none was priced). */
  costUsd: number | null;
}

// A span's node: agent, model and tool steps by their names, anything else by its service.
const NODE_SQL = `multiIf(
  GenAiStepType = 'agent', tuple('agent', if(GenAiAgentName != '', GenAiAgentName, SpanName)),
  GenAiStepType IN ('llm', 'embedding'), tuple('llm', multiIf(GenAiResponseModel != '', GenAiResponseModel, GenAiRequestModel != '', GenAiRequestModel, GenAiProvider != '', GenAiProvider, SpanName)),
  GenAiStepType = 'tool', tuple('tool', if(GenAiToolName != '', GenAiToolName, SpanName)),
  tuple('service', ServiceName))`;

const MAX_EDGES = 500;

const nodeId = (kind: string, name: string) => `${kind}:${name}`;

/**
 * The map of who calls whom over a time range: each span is a call from its parent's node to its
 * own (a root span's from "user"); calls within one node (a service's nested spans) count for the
 * node but draw no edge. Spans whose parent is outside the range are left out.
 */
export class ServiceMapReader {
  constructor(private readonly store: Store) {}

  async map(f: ServiceMapFilter): Promise<{ nodes: MapNode[]; edges: MapEdge[] }> {
    const where = new Predicates({});
    where.add('ProjectId = {}', ['String', f.projectId]);
    where.add('Timestamp BETWEEN fromUnixTimestamp64Nano({}) AND fromUnixTimestamp64Nano({})', ['Int64', msToNanos(f.startMs)], ['Int64', msToNanos(f.endMs)]);
    if (f.service !== undefined) {
      where.add(`TraceId IN (SELECT TraceId FROM ${this.store.table(TABLES.traces)} WHERE ${where.sql()} AND ServiceName = {})`, ['String', f.service]);
    }
    const spans = `SELECT TraceId, SpanId, ParentSpanId, ${NODE_SQL} AS node, StatusCode = 'Error' AS failed, Duration,
                          GenAiInputTokens + GenAiOutputTokens AS tokens, CostUsd
                     FROM ${this.store.table(TABLES.traces)} WHERE ${where.sql()}`;
    const rows = await readRows<{ source: [string, string]; target: [string, string]; calls: string; errors: string; q: number[]; tokens: string; cost: number | null; priced: string }>(
      this.store,
      `SELECT if(c.ParentSpanId = '', tuple('user', 'user'), p.node) AS source, c.node AS target,
              count() AS calls, countIf(c.failed) AS errors, quantiles(0.5, 0.95)(c.Duration) AS q,
              sum(c.tokens) AS tokens, sum(c.CostUsd) AS cost, count(c.CostUsd) AS priced
         FROM (${spans}) AS c
         LEFT JOIN (SELECT TraceId, SpanId, node FROM (${spans})) AS p ON c.TraceId = p.TraceId AND c.ParentSpanId = p.SpanId
        WHERE c.ParentSpanId = '' OR p.SpanId != ''
        GROUP BY source, target
        ORDER BY calls DESC
        LIMIT ${MAX_EDGES * 2}`,
      where.params,
    );
    const nodes = new Map<string, MapNode>();
    const node = ([kind, name]: [string, string]) => {
      const id = nodeId(kind, name);
      let n = nodes.get(id);
      if (!n) nodes.set(id, (n = { id, kind: kind as MapNodeKind, name, calls: 0, errors: 0 }));
      return n;
    };
    const edges: MapEdge[] = [];
    for (const r of rows) {
      const from = node(r.source);
      const to = node(r.target);
      to.calls += Number(r.calls);
      to.errors += Number(r.errors);
      if (from === to || edges.length >= MAX_EDGES) continue;
      edges.push({
        source: from.id,
        target: to.id,
        calls: Number(r.calls),
        errors: Number(r.errors),
        p50Ms: Number(r.q[0]) / 1e6,
        p95Ms: Number(r.q[1]) / 1e6,
        tokens: Number(r.tokens),
        costUsd: Number(r.priced) > 0 ? Number(r.cost) : null,
      });
    }
    // Who starts traces is called by nobody: its count is the traces (root spans) it started.
    const user = nodes.get(nodeId('user', 'user'));
    if (user) for (const e of edges) if (e.source === user.id) user.calls += e.calls;
    return { nodes: [...nodes.values()], edges };
  }
}
