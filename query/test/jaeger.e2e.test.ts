import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, startTestStack, type TestStack } from './helpers.js';
import { emitAgentTraces, type AgentTraces } from './compat-fixtures.js';

let stack: TestStack;
let fx: AgentTraces;
beforeAll(async () => {
  stack = await startTestStack();
  fx = await emitAgentTraces(stack.otlpHttp);
});
afterAll(async () => {
  await stack?.running.shutdown();
});

const jaeger = (path: string) => getJson(`${stack.api}/jaeger/api${path}`);
const findTraces = (params: Record<string, string>) => {
  const nowUs = Date.now() * 1000;
  return jaeger(`/traces?${new URLSearchParams({ start: String(nowUs - 3_600_000_000), end: String(nowUs + 60_000_000), ...params })}`);
};
const ids = (body: any) => body.data.map((t: any) => t.traceID).sort();

describe('Jaeger query API', () => {
  it('lists services and operations', async () => {
    const services = await jaeger('/services');
    expect(services.status).toBe(200);
    expect(services.body).toEqual({ data: ['agent-svc', 'tool-svc'], total: 2, limit: 0, offset: 0, errors: null });
    const ops = await jaeger('/services/agent-svc/operations');
    expect(ops.body.data).toEqual(['chat claude-sonnet-4', 'chat gpt-4o', 'invoke_agent planner', 'invoke_agent summarizer']);
    const typed = await jaeger('/operations?service=tool-svc');
    expect(typed.body.data).toEqual([{ name: 'execute_tool search', spanKind: 'internal' }]);
    const servers = await jaeger('/operations?service=agent-svc&spanKind=server');
    expect(servers.body.data.map((o: any) => o.name)).toEqual(['invoke_agent planner', 'invoke_agent summarizer']);
  });

  it('returns a trace by id in Jaeger JSON (µs times, references, processes, derived tags)', async () => {
    const { status, body } = await jaeger(`/traces/${fx.agentTraceId}`);
    expect(status).toBe(200);
    expect(body.errors).toBeNull();
    const [t] = body.data;
    expect(t.traceID).toBe(fx.agentTraceId);
    expect(t.spans).toHaveLength(3);
    const byName = Object.fromEntries(t.spans.map((s: any) => [s.operationName, s]));
    const chat = byName['chat gpt-4o'];
    const root = byName['invoke_agent planner'];
    const tool = byName['execute_tool search'];
    expect(chat.references).toEqual([{ refType: 'CHILD_OF', traceID: fx.agentTraceId, spanID: fx.spanIds.root }]);
    expect(root.references).toEqual([]);
    expect(chat.duration).toBe(250_000);
    expect(Number.isInteger(chat.startTime)).toBe(true);
    expect(chat.startTime - root.startTime).toBe(50_000);
    expect(chat.tags).toEqual(
      expect.arrayContaining([
        { key: 'gen_ai.request.model', type: 'string', value: 'gpt-4o' },
        { key: 'gen_ai.usage.input_tokens', type: 'int64', value: 120 },
        { key: 'gen_ai.request.temperature', type: 'float64', value: 0.25 },
        { key: 'gen_ai.request.stream', type: 'bool', value: false },
        { key: 'span.kind', type: 'string', value: 'client' },
      ]),
    );
    expect(tool.tags).toEqual(
      expect.arrayContaining([
        { key: 'error', type: 'bool', value: true },
        { key: 'otel.status_code', type: 'string', value: 'ERROR' },
        { key: 'otel.status_description', type: 'string', value: 'search backend timed out' },
      ]),
    );
    expect(chat.logs).toEqual([
      { timestamp: expect.any(Number), fields: [{ key: 'event', type: 'string', value: 'gen_ai.choice' }, { key: 'index', type: 'int64', value: 0 }] },
    ]);
    expect(t.processes[chat.processID].serviceName).toBe('agent-svc');
    expect(t.processes[tool.processID].serviceName).toBe('tool-svc');
    expect(t.processes[chat.processID].tags).toEqual(
      expect.arrayContaining([{ key: 'deployment.environment', type: 'string', value: 'test' }, { key: 'host.cores', type: 'int64', value: 2 }]),
    );
    expect(root.processID).toBe(chat.processID);
    expect(Object.keys(t.processes)).toHaveLength(2);
  });

  it('answers 404 with Jaeger errors for an unknown trace', async () => {
    const { status, body } = await jaeger(`/traces/${'12'.repeat(16)}`);
    expect(status).toBe(404);
    expect(body).toMatchObject({ data: null, errors: [{ code: 404, msg: 'trace not found' }] });
  });

  it('searches by service, operation, tags and span duration', async () => {
    expect(ids((await findTraces({ service: 'agent-svc' })).body)).toEqual([fx.agentTraceId, fx.slowTraceId].sort());
    expect(ids((await findTraces({ service: 'agent-svc', operation: 'chat gpt-4o' })).body)).toEqual([fx.agentTraceId]);
    expect(ids((await findTraces({ service: 'agent-svc', tags: JSON.stringify({ 'gen_ai.request.model': 'claude-sonnet-4' }) })).body)).toEqual([fx.slowTraceId]);
    expect(ids((await findTraces({ service: 'tool-svc', tags: JSON.stringify({ error: 'true' }) })).body)).toEqual([fx.agentTraceId]);
    expect(ids((await findTraces({ service: 'agent-svc', tag: 'span.kind:client', minDuration: '1s' })).body)).toEqual([fx.slowTraceId]);
    expect(ids((await findTraces({ service: 'agent-svc', maxDuration: '300ms' })).body)).toEqual([fx.agentTraceId]);
    // Resource attributes match too (Jaeger process tags).
    expect(ids((await findTraces({ service: 'tool-svc', tags: JSON.stringify({ 'deployment.environment': 'test' }) })).body)).toEqual([fx.agentTraceId]);
    const limited = await findTraces({ service: 'agent-svc', limit: '1' });
    expect(limited.body.data).toHaveLength(1);
    // Whole traces come back, including spans of other services.
    const full = (await findTraces({ service: 'tool-svc' })).body.data[0];
    expect(full.spans).toHaveLength(3);
  });

  it('rejects bad parameters with Jaeger errors and treats injection attempts as values', async () => {
    for (const params of [{}, { service: 'agent-svc', tags: '{not json' }, { service: 'agent-svc', minDuration: 'fast' }, { service: 'agent-svc', limit: '-1' }]) {
      const { status, body } = await findTraces(params as Record<string, string>);
      expect(status).toBe(400);
      expect(body.errors[0]).toMatchObject({ code: 400, msg: expect.any(String) });
    }
    const evil = `agent-svc' OR 1=1 --`;
    const res = await findTraces({ service: evil, operation: `x"); DROP TABLE otel_traces; --`, tags: JSON.stringify({ [`k') OR ('1'='1`]: `v\\'` }) });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
    expect((await jaeger(`/services/${encodeURIComponent(evil)}/operations`)).body.data).toEqual([]);
    expect((await jaeger(`/operations?service=agent-svc&spanKind=${encodeURIComponent(evil)}`)).body.data).toEqual([]);
    expect((await jaeger(`/dependencies?endTs=${encodeURIComponent('1 OR 1=1')}`)).status).toBe(400);
    expect((await findTraces({ service: 'agent-svc', start: `0'--` })).status).toBe(400);
    expect((await findTraces({ service: 'agent-svc', end: '9'.repeat(19) })).status).toBe(400);
    expect((await jaeger(`/dependencies?endTs=${'9'.repeat(16)}`)).status).toBe(400);
    expect((await findTraces({ service: 'agent-svc' })).body.data).toHaveLength(2);
  });

  it('derives service dependencies from parent/child spans', async () => {
    const { status, body } = await jaeger(`/dependencies?endTs=${Date.now() + 60_000}&lookback=3600000`);
    expect(status).toBe(200);
    expect(body.data).toEqual([{ parent: 'agent-svc', child: 'tool-svc', callCount: 1 }]);
  });
});
