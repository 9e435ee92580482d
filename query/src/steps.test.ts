import { describe, expect, it } from 'vitest';
import type { SpanDto } from './dto/span.js';
import { buildSteps, requestedToolCalls } from './steps.js';

let clock = 1_700_000_000_000_000_000n;

function span(spanId: string, parentSpanId: string, genAi: Record<string, unknown> | null, startOffsetMs = 0, durationMs = 1, depth = 0): SpanDto {
  const start = (clock + BigInt(startOffsetMs) * 1_000_000n).toString();
  const end = (BigInt(start) + BigInt(durationMs) * 1_000_000n).toString();
  return {
    traceId: 't'.repeat(32),
    spanId,
    parentSpanId,
    name: spanId,
    kind: 'INTERNAL',
    serviceName: 'svc',
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    durationMs,
    status: { code: 'UNSET', message: '' },
    attributes: {},
    resourceAttributes: {},
    events: [],
    links: [],
    scope: { name: '', version: '' },
    depth,
    genAi: genAi as SpanDto['genAi'],
  };
}

const toolCall = (id: string | undefined, name: string, args: unknown) => ({ type: 'tool_call', ...(id ? { id } : {}), name, arguments: args });
const llm = (calls: ReturnType<typeof toolCall>[], extra: Record<string, unknown> = {}) => ({
  stepType: 'llm',
  requestModel: 'gpt-4o',
  responseModel: 'gpt-4o-2024-08-06',
  outputMessages: [{ role: 'assistant', parts: calls }],
  inputTokens: 10,
  outputTokens: 5,
  costUsd: 0.001,
  ...extra,
});
const tool = (name: string, toolCallId?: string) => ({ stepType: 'tool', toolName: name, toolCallId: toolCallId ?? null, toolArguments: { q: 1 } });

describe('buildSteps', () => {
  it('orders steps by start time and links tool calls by id', () => {
    clock += 10_000_000_000n;
    const spans = [
      span('agent', '', { stepType: 'agent', agentName: 'helper' }, 0),
      span('chat1', 'agent', llm([toolCall('call_b', 'search', { q: 'b' }), toolCall('call_a', 'weather', { city: 'x' })]), 1),
      // Ran in the opposite order of the request: ids decide, not order.
      span('toolA', 'agent', tool('weather', 'call_a'), 5),
      span('toolB', 'agent', tool('search', 'call_b'), 6),
      span('chat2', 'agent', llm([]), 10),
    ];
    const { steps, edges } = buildSteps('t', spans);
    expect(steps.map((s) => [s.index, s.spanId, s.type])).toEqual([
      [0, 'agent', 'agent'],
      [1, 'chat1', 'llm'],
      [2, 'toolA', 'tool'],
      [3, 'toolB', 'tool'],
      [4, 'chat2', 'llm'],
    ]);
    expect(steps[1].model).toBe('gpt-4o-2024-08-06');
    expect(steps[1].requestedToolCalls).toEqual([
      { id: 'call_b', name: 'search', arguments: { q: 'b' } },
      { id: 'call_a', name: 'weather', arguments: { city: 'x' } },
    ]);
    expect(edges.filter((e) => e.kind === 'tool_call')).toEqual([
      { from: 'chat1', to: 'toolA', kind: 'tool_call' },
      { from: 'chat1', to: 'toolB', kind: 'tool_call' },
    ]);
    expect(edges.filter((e) => e.kind === 'child').map((e) => `${e.from}>${e.to}`)).toEqual([
      'agent>chat1',
      'agent>toolA',
      'agent>toolB',
      'agent>chat2',
    ]);
  });

  it('falls back to name and order when tool spans carry no call id', () => {
    clock += 10_000_000_000n;
    const spans = [
      span('chat1', '', llm([toolCall('c1', 'search', {}), toolCall('c2', 'search', {})]), 0),
      span('s1', '', tool('search'), 2),
      span('s2', '', tool('search'), 3),
      span('chat2', '', llm([toolCall(undefined, 'search', {})]), 4),
      span('s3', '', tool('search'), 5),
      // Started before the request: can't be the tool that ran it.
      span('early', '', tool('lookup'), -1),
      span('chat3', '', llm([toolCall(undefined, 'lookup', {})]), 6),
    ];
    const edges = buildSteps('t', spans).edges.filter((e) => e.kind === 'tool_call');
    expect(edges.map((e) => `${e.from}>${e.to}`)).toEqual(['chat1>s1', 'chat1>s2', 'chat2>s3']);
  });

  it('does not let a name match take a tool step that another call names by id', () => {
    clock += 10_000_000_000n;
    const spans = [
      span('chat1', '', llm([toolCall(undefined, 'search', {})]), 0),
      span('chat2', '', llm([toolCall('id-2', 'search', {})]), 1),
      span('sById', '', tool('search', 'id-2'), 2),
      span('sFree', '', tool('search'), 3),
    ];
    const edges = buildSteps('t', spans).edges.filter((e) => e.kind === 'tool_call');
    expect(edges.map((e) => `${e.from}>${e.to}`)).toEqual(['chat2>sById', 'chat1>sFree']);
  });

  it('orders equal (millisecond) start times ancestor first, then by end', () => {
    clock += 10_000_000_000n;
    const spans = [
      span('agent', '', { stepType: 'agent' }, 0, 50, 0),
      span('chat1', 'agent', llm([toolCall('c1', 'search', {})]), 0, 10, 1),
      span('chat2', 'agent', llm([]), 12, 30, 1),
      span('tool', 'agent', tool('search', 'c1'), 12, 0, 1),
    ];
    expect(buildSteps('t', spans).steps.map((s) => s.spanId)).toEqual(['agent', 'chat1', 'tool', 'chat2']);
  });

  it('skips non-GenAI spans but links steps through them', () => {
    clock += 10_000_000_000n;
    const spans = [
      span('agent', '', { stepType: 'agent' }, 0),
      span('http', 'agent', null, 1),
      span('chat', 'http', llm([]), 2),
      span('cycleA', 'cycleB', { stepType: 'weird' }, 3),
      span('cycleB', 'cycleA', null, 4),
    ];
    const { steps, edges } = buildSteps('t', spans);
    expect(steps.map((s) => s.spanId)).toEqual(['agent', 'chat', 'cycleA']);
    expect(steps[2].type).toBe('other');
    expect(edges).toEqual([{ from: 'agent', to: 'chat', kind: 'child' }]);
  });

  it("names the agent of a model or tool call that came without one: its nearest agent ancestor's", () => {
    const agent = (name: string) => ({ stepType: 'agent', agentName: name });
    const { steps } = buildSteps('t'.repeat(32), [
      span('supervisor', '', agent('supervisor'), 0, 100),
      span('graph-node', 'supervisor', null, 1, 90, 1),
      span('planner-llm', 'graph-node', llm([]), 2, 10, 2),
      span('researcher', 'graph-node', agent('researcher'), 20, 50, 2),
      span('search', 'researcher', tool('web_search'), 21, 5, 3),
      span('stamped', 'researcher', llm([], { agentName: 'own-name' }), 30, 5, 3),
      span('outside', '', llm([]), 200, 5),
    ]);
    expect(steps.map((s) => [s.spanId, s.agentName])).toEqual([
      ['supervisor', 'supervisor'],
      ['planner-llm', 'supervisor'],
      ['researcher', 'researcher'],
      ['search', 'researcher'],
      ['stamped', 'own-name'],
      ['outside', null],
    ]);
  });

  it('reads requested tool calls defensively', () => {
    expect(requestedToolCalls(null)).toEqual([]);
    expect(requestedToolCalls([null, { parts: 'x' }, { parts: [{ type: 'text', content: 'hi' }, { type: 'tool_call', name: 'f' }] }])).toEqual([
      { id: null, name: 'f', arguments: null },
    ]);
  });
});
