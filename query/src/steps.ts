/**
 * The agent step debugger's view of a trace: every GenAI span as a step in execution order,
 * `child` edges from the nearest step ancestor, and `tool_call` edges from an LLM step that
 * requested a tool call to the tool step that ran it (by tool call id, else by name and order).
 */
import { STEP_TYPES, type StepType } from '@watchllm/semconv';
import type { SpanDto } from './dto/span.js';

export { STEP_TYPES, type StepType };

export interface RequestedToolCall {
  id: string | null;
  name: string | null;
  arguments: unknown;
}

export interface StepDto {
  index: number;
  spanId: string;
  parentSpanId: string;
  type: StepType;
  name: string;
  startTimeUnixNano: string;
  durationMs: number;
  status: SpanDto['status']['code'];
  agentName: string | null;
  model: string | null;
  inputMessages: unknown[] | null;
  outputMessages: unknown[] | null;
  requestedToolCalls: RequestedToolCall[];
  toolName: string | null;
  toolCallId: string | null;
  toolArguments: unknown;
  toolResult: unknown;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

export interface StepEdge {
  from: string;
  to: string;
  kind: 'tool_call' | 'child';
}

export interface StepsDto {
  traceId: string;
  steps: StepDto[];
  edges: StepEdge[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const list = (v: unknown): unknown[] | null => (Array.isArray(v) ? v : null);

function stepType(v: unknown): StepType {
  return (STEP_TYPES as readonly unknown[]).includes(v) ? (v as StepType) : 'other';
}

/** Tool calls the model asked for: `tool_call` parts of its output messages. */
export function requestedToolCalls(outputMessages: unknown[] | null): RequestedToolCall[] {
  const calls: RequestedToolCall[] = [];
  for (const message of outputMessages ?? []) {
    const parts = (message as { parts?: unknown })?.parts;
    if (!Array.isArray(parts)) continue;
    for (const part of parts as Record<string, unknown>[]) {
      if (part?.type !== 'tool_call') continue;
      calls.push({ id: str(part.id), name: str(part.name), arguments: part.arguments ?? null });
    }
  }
  return calls;
}

function toStep(span: SpanDto, index: number): StepDto {
  const g = span.genAi!;
  const outputMessages = list(g.outputMessages);
  return {
    index,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    type: stepType(g.stepType),
    name: span.name,
    startTimeUnixNano: span.startTimeUnixNano,
    durationMs: span.durationMs,
    status: span.status.code,
    agentName: str(g.agentName),
    model: str(g.responseModel) ?? str(g.requestModel),
    inputMessages: list(g.inputMessages),
    outputMessages,
    requestedToolCalls: requestedToolCalls(outputMessages),
    toolName: str(g.toolName),
    toolCallId: str(g.toolCallId),
    toolArguments: g.toolArguments ?? null,
    toolResult: g.toolResult ?? null,
    inputTokens: num(g.inputTokens),
    outputTokens: num(g.outputTokens),
    costUsd: num(g.costUsd),
  };
}

function byStart(a: { startTimeUnixNano: string }, b: { startTimeUnixNano: string }): number {
  const x = BigInt(a.startTimeUnixNano);
  const y = BigInt(b.startTimeUnixNano);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Execution order. Many SDKs stamp millisecond times, so equal starts are common: an ancestor
 * (shallower) goes first, then whichever finished first (a quick tool before the next LLM call).
 */
function byExecution(a: SpanDto, b: SpanDto): number {
  return byStart(a, b) || a.depth - b.depth || byEnd(a, b);
}

function byEnd(a: SpanDto, b: SpanDto): number {
  const x = BigInt(a.endTimeUnixNano);
  const y = BigInt(b.endTimeUnixNano);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Steps and edges from a trace's spans in waterfall order. */
export function buildSteps(traceId: string, spans: SpanDto[]): StepsDto {
  const stepSpans = spans.filter((s) => s.genAi !== null).sort(byExecution);
  const steps = stepSpans.map(toStep);
  const parentOf = new Map(spans.map((s) => [s.spanId, s.parentSpanId]));
  inheritAgentNames(steps, parentOf);
  return { traceId, steps, edges: [...childEdges(parentOf, steps), ...toolCallEdges(steps)] };
}

/**
 * A step no agent name came with (a model or tool call under an agent, as OpenInference, OpenLLMetry and most
 * framework instrumentations send them) takes its nearest agent ancestor's, so the debugger says which agent acted.
 */
function inheritAgentNames(steps: StepDto[], parentOf: Map<string, string>): void {
  const agentOf = new Map<string, string>();
  for (const s of steps) if (s.type === 'agent' && s.agentName !== null) agentOf.set(s.spanId, s.agentName);
  if (agentOf.size === 0) return;
  for (const step of steps) {
    if (step.agentName !== null) continue;
    // The guard stops parent cycles.
    let parent = step.parentSpanId;
    for (let hops = 0; parent !== '' && hops <= parentOf.size; hops++) {
      const agent = agentOf.get(parent);
      if (agent !== undefined) {
        step.agentName = agent;
        break;
      }
      parent = parentOf.get(parent) ?? '';
    }
  }
}

function childEdges(parentOf: Map<string, string>, steps: StepDto[]): StepEdge[] {
  const isStep = new Set(steps.map((s) => s.spanId));
  const edges: StepEdge[] = [];
  for (const step of steps) {
    // Walk up through non-GenAI spans (HTTP, DB, …) to the nearest step; the guard stops parent cycles.
    let parent = step.parentSpanId;
    for (let hops = 0; parent !== '' && !isStep.has(parent) && hops < parentOf.size; hops++) parent = parentOf.get(parent) ?? '';
    if (parent !== '' && parent !== step.spanId && isStep.has(parent)) edges.push({ from: parent, to: step.spanId, kind: 'child' });
  }
  return edges;
}

function toolCallEdges(steps: StepDto[]): StepEdge[] {
  const tools = steps.filter((s) => s.type === 'tool');
  const used = new Set<StepDto>();
  const links: { llm: StepDto; call: number; tool: StepDto }[] = [];
  const requesters = steps.filter((s) => s.requestedToolCalls.length > 0);
  // Ids first across the whole trace, so a name match never steals a tool step another call names by id.
  for (const llm of requesters) {
    llm.requestedToolCalls.forEach((call, i) => {
      if (call.id === null) return;
      const tool = tools.find((t) => !used.has(t) && t.toolCallId === call.id);
      if (tool) {
        used.add(tool);
        links.push({ llm, call: i, tool });
      }
    });
  }
  for (const llm of requesters) {
    llm.requestedToolCalls.forEach((call, i) => {
      if (call.name === null || links.some((l) => l.llm === llm && l.call === i)) return;
      const tool = tools.find(
        (t) => !used.has(t) && t.toolName === call.name && byStart(t, llm) >= 0 && (call.id === null || t.toolCallId === null),
      );
      if (tool) {
        used.add(tool);
        links.push({ llm, call: i, tool });
      }
    });
  }
  links.sort((a, b) => a.tool.index - b.tool.index);
  return links.map((l) => ({ from: l.llm.spanId, to: l.tool.spanId, kind: 'tool_call' as const }));
}
