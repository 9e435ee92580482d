import { describe, expect, it } from 'vitest';
import type { Step, StepEdge } from '../api/types.js';
import { clampStep, layoutToolGraph, runningTotals, toolGraphEdges } from './steps.js';

function step(index: number, spanId: string, type: Step['type'], extra: Partial<Step> = {}): Step {
  return {
    index, spanId, parentSpanId: 'agent', type, name: spanId, startTimeUnixNano: String(index), durationMs: 10,
    status: 'OK', agentName: null, model: type === 'llm' ? 'gpt-4o' : null, inputMessages: null,
    outputMessages: null, requestedToolCalls: [], toolName: type === 'tool' ? spanId : null, toolCallId: null,
    toolArguments: null, toolResult: null, inputTokens: null, outputTokens: null, costUsd: null, ...extra,
  };
}

// agent, llm1 requests tools a + b, llm2 consumes them.
const steps: Step[] = [
  // The agent span repeats its calls' total (as wrapper spans do): not counted again.
  step(0, 'agent', 'agent', { inputTokens: 300, outputTokens: 50, costUsd: 0.02 }),
  step(1, 'llm1', 'llm', { inputTokens: 100, outputTokens: 20, costUsd: 0.01 }),
  step(2, 'toolA', 'tool', { toolCallId: 'call_a' }),
  step(3, 'toolB', 'tool', { toolCallId: 'call_b' }),
  step(4, 'llm2', 'llm', {
    inputTokens: 200, outputTokens: 30, costUsd: null,
    inputMessages: [{ role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_a', response: 'sunny' }] }],
  }),
];
const edges: StepEdge[] = [
  { from: 'agent', to: 'llm1', kind: 'child' },
  { from: 'llm1', to: 'toolA', kind: 'tool_call' },
  { from: 'llm1', to: 'toolB', kind: 'tool_call' },
];

describe('steps', () => {
  it('accumulates tokens, cost and latency, flagging unpriced steps', () => {
    const totals = runningTotals(steps);
    expect(totals[1]).toMatchObject({ inputTokens: 100, outputTokens: 20, costUsd: 0.01, costIncomplete: false, latencyMs: 20 });
    expect(totals[4]).toMatchObject({ inputTokens: 300, outputTokens: 50, costUsd: 0.01, costIncomplete: true, latencyMs: 50 });
  });

  it('links tools to the LLM step that consumed their results', () => {
    expect(toolGraphEdges(steps, edges)).toEqual([
      { from: 'llm1', to: 'toolA', kind: 'tool_call' },
      { from: 'llm1', to: 'toolB', kind: 'tool_call' },
      { from: 'toolA', to: 'llm2', kind: 'result' },
      { from: 'toolB', to: 'llm2', kind: 'result' },
    ]);
  });

  it('lays the graph out in columns: llm → tools → llm', () => {
    const g = layoutToolGraph(steps, edges);
    const col = Object.fromEntries(g.nodes.map((n) => [n.spanId, [n.column, n.row]]));
    expect(col).toEqual({ llm1: [0, 0], toolA: [1, 0], toolB: [1, 1], llm2: [2, 0] });
    expect(g.columns).toBe(3);
    expect(g.rows).toBe(2);
    expect(layoutToolGraph([], []).nodes).toEqual([]);
  });

  it('clamps step indexes from the URL', () => {
    expect(clampStep('3', 5)).toBe(3);
    expect(clampStep('99', 5)).toBe(4);
    expect(clampStep('x', 5)).toBe(0);
    expect(clampStep('-2', 5)).toBe(0);
  });
});
