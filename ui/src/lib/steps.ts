// Agent step debugger logic: running totals and the tool-call graph (LLM → tools → consuming LLM).

import type { Step, StepEdge } from '../api/types.js';
import { messagesOf } from './messages.js';

export interface RunningTotal {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** True once any step so far had tokens but no price. */
  costIncomplete: boolean;
  latencyMs: number;
}

/**
 * Model calls (LLM and embedding steps): what tokens and cost are summed over. A wrapper's own usage (the Vercel AI
 * SDK's outer `ai.generateText`, an agent span that repeats its calls' total) would count them twice — the
 * dashboards' rollups count model calls only, and the trace's totals agree with them.
 */
export const isModelCall = (stepType: string | null | undefined) => stepType === 'llm' || stepType === 'embedding';

/** Cumulative tokens and cost (of model calls) and latency up to and including each step. */
export function runningTotals(steps: Step[]): RunningTotal[] {
  const acc: RunningTotal = { inputTokens: 0, outputTokens: 0, costUsd: 0, costIncomplete: false, latencyMs: 0 };
  return steps.map((s) => {
    if (isModelCall(s.type)) {
      acc.inputTokens += s.inputTokens ?? 0;
      acc.outputTokens += s.outputTokens ?? 0;
      if (s.costUsd !== null && s.costUsd !== undefined) acc.costUsd += s.costUsd;
      else if ((s.inputTokens ?? 0) + (s.outputTokens ?? 0) > 0) acc.costIncomplete = true;
    }
    acc.latencyMs += s.durationMs ?? 0;
    return { ...acc };
  });
}

export type GraphEdgeKind = 'tool_call' | 'result';

export interface GraphEdge {
  from: string;
  to: string;
  kind: GraphEdgeKind;
}

/** Does this LLM step's input carry the result of tool call `callId`? */
function consumesCall(step: Step, callId: string): boolean {
  return messagesOf(step.inputMessages).some((m) => m.parts.some((p) => p.type === 'tool_call_response' && p.id === callId));
}

/**
 * The graph's edges: the server's tool_call edges, plus result edges from each tool step to the LLM step that
 * consumed its output — matched by tool call id in that step's input, else the next LLM step after the tool.
 */
export function toolGraphEdges(steps: Step[], edges: StepEdge[]): GraphEdge[] {
  const out: GraphEdge[] = edges.filter((e) => e.kind === 'tool_call').map((e) => ({ from: e.from, to: e.to, kind: 'tool_call' as const }));
  const toolTargets = new Set(out.map((e) => e.to));
  steps.forEach((step, i) => {
    if (step.type !== 'tool' || !toolTargets.has(step.spanId)) return;
    const later = steps.slice(i + 1).filter((s) => s.type === 'llm');
    const byId = step.toolCallId ? later.find((s) => consumesCall(s, step.toolCallId!)) : undefined;
    const consumer = byId ?? later[0];
    if (consumer) out.push({ from: step.spanId, to: consumer.spanId, kind: 'result' });
  });
  return out;
}

export interface GraphNode {
  spanId: string;
  index: number;
  label: string;
  type: Step['type'];
  column: number;
  row: number;
}

export interface GraphLayout {
  nodes: GraphNode[];
  edges: GraphEdge[];
  columns: number;
  rows: number;
}

/**
 * Column = longest edge path reaching the node (steps come in execution order, so one pass suffices);
 * rows stack the nodes that share a column. Only LLM steps and steps on a graph edge are drawn.
 */
export function layoutToolGraph(steps: Step[], edges: StepEdge[]): GraphLayout {
  const graphEdges = toolGraphEdges(steps, edges);
  const onEdge = new Set(graphEdges.flatMap((e) => [e.from, e.to]));
  const drawn = steps.filter((s) => s.type === 'llm' || onEdge.has(s.spanId));
  const drawnIds = new Set(drawn.map((s) => s.spanId));
  const kept = graphEdges.filter((e) => drawnIds.has(e.from) && drawnIds.has(e.to));
  const incoming = new Map<string, string[]>();
  for (const e of kept) incoming.set(e.to, [...(incoming.get(e.to) ?? []), e.from]);

  const column = new Map<string, number>();
  let lastLlmColumn = -1;
  for (const s of drawn) {
    const preds = incoming.get(s.spanId) ?? [];
    let col = preds.reduce((c, p) => Math.max(c, (column.get(p) ?? 0) + 1), 0);
    // LLM calls without a tool link still follow the previous LLM call in time.
    if (s.type === 'llm') col = Math.max(col, lastLlmColumn + 1);
    column.set(s.spanId, col);
    if (s.type === 'llm') lastLlmColumn = col;
  }
  const perColumn = new Map<number, number>();
  const nodes = drawn.map((s): GraphNode => {
    const col = column.get(s.spanId) ?? 0;
    const row = perColumn.get(col) ?? 0;
    perColumn.set(col, row + 1);
    return { spanId: s.spanId, index: s.index, label: s.toolName ?? s.model ?? s.name, type: s.type, column: col, row };
  });
  return {
    nodes,
    edges: kept,
    columns: nodes.reduce((m, n) => Math.max(m, n.column + 1), 0),
    rows: Math.max(0, ...perColumn.values()),
  };
}

/** Clamp a step index parsed from the URL. */
export function clampStep(value: string | null, count: number): number {
  const n = Number.parseInt(value ?? '', 10);
  if (!Number.isFinite(n) || count === 0) return 0;
  return Math.min(Math.max(n, 0), count - 1);
}
