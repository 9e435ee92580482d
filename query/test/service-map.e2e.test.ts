import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, startTestStack, type TestStack } from './helpers.js';
import { emitAgentTraces } from './compat-fixtures.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
  await emitAgentTraces(stack.otlpHttp);
});
afterAll(async () => {
  await stack?.running.shutdown();
});

describe('GET /api/v1/service-map', () => {
  it('draws who calls whom: user → agents → models and tools, with calls, errors and latency', async () => {
    const { status, body } = await getJson(`${stack.api}/api/v1/service-map`);
    expect(status, JSON.stringify(body)).toBe(200);
    const edges = (b: typeof body) => b.edges.map((e: any) => `${e.source} → ${e.target} ×${e.calls} !${e.errors}`).sort();
    expect(edges(body)).toEqual([
      'agent:planner → llm:gpt-4o ×1 !0',
      'agent:planner → tool:search ×1 !1',
      'service:agent-svc → llm:claude-sonnet-4 ×1 !0',
      'user:user → agent:planner ×1 !0',
      // The summarizer root carries no GenAI attributes: its service's node.
      'user:user → service:agent-svc ×1 !0',
    ]);
    const byTarget = Object.fromEntries(body.edges.map((e: any) => [e.target, e]));
    expect(byTarget['llm:claude-sonnet-4']).toMatchObject({ p50Ms: 2400, p95Ms: 2400 });
    expect(byTarget['llm:gpt-4o']).toMatchObject({ tokens: 150 });
    expect(byTarget['llm:gpt-4o'].costUsd).toBeGreaterThan(0);
    expect(byTarget['tool:search'].costUsd).toBeNull();
    const nodes = Object.fromEntries(body.nodes.map((n: any) => [n.id, n]));
    expect(nodes['user:user']).toMatchObject({ kind: 'user', calls: 2 });
    expect(nodes['tool:search']).toMatchObject({ kind: 'tool', name: 'search', calls: 1, errors: 1 });
    // Only the traces that touch a service; a time range before the spans has none.
    expect(edges((await getJson(`${stack.api}/api/v1/service-map?service=tool-svc`)).body)).toEqual([
      'agent:planner → llm:gpt-4o ×1 !0',
      'agent:planner → tool:search ×1 !1',
      'user:user → agent:planner ×1 !0',
    ]);
    expect((await getJson(`${stack.api}/api/v1/service-map?end=${Date.now() - 3_600_000}`)).body).toEqual({ nodes: [], edges: [] });
    const bad = await getJson(`${stack.api}/api/v1/service-map?start=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/start/);
  });
});
