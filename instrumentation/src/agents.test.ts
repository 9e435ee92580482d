import OpenAI from 'openai';
import { trace, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { traceAgent, traceTool, traceWorkflow, withConversation } from './agents.js';
import { WatchLLMContextSpanProcessor } from './context-processor.js';
import { setAgentContentCapture } from './core/capture.js';
import { startStubLlmServer, type StubLlmServer } from './demo/stub-server.js';
import { OpenAIInstrumentation, instrumentOpenAI } from './openai/instrumentation.js';
import { createTestTelemetry } from './testing/harness.js';
import { validateGenAiSpan } from './testing/validate.js';

const telemetry = createTestTelemetry([new WatchLLMContextSpanProcessor()]);
trace.setGlobalTracerProvider(telemetry.tracerProvider);
const instrumentation = new OpenAIInstrumentation({ enabled: false });
let stub: StubLlmServer;
let client: OpenAI;

beforeAll(async () => {
  stub = await startStubLlmServer();
  client = instrumentOpenAI(new OpenAI({ baseURL: stub.openaiBaseURL, apiKey: 'k', maxRetries: 0 }), instrumentation);
});
afterAll(async () => {
  await stub.close();
  await telemetry.shutdown();
});
beforeEach(() => {
  telemetry.reset();
  setAgentContentCapture(true);
});

const byName = (name: string) => telemetry.spans().find((s) => s.name === name)!;

describe('agent helpers', () => {
  it('builds workflow → agent → (llm, tool) trees with the spec attributes', async () => {
    const answer = await traceWorkflow('support', () =>
      traceAgent('planner', async () => {
        await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'plan' }] });
        const result = await traceTool('lookup_order', async () => ({ status: 'shipped' }), {
          callId: 'call_1',
          arguments: { orderId: 42 },
        });
        return result.status;
      }, { id: 'agent-1', description: 'plans things' }),
    );
    expect(answer).toBe('shipped');
    const spans = telemetry.spans();
    expect(spans).toHaveLength(4);
    for (const span of spans) expect(validateGenAiSpan(span)).toEqual([]);
    const workflow = byName('invoke_workflow support');
    const agent = byName('invoke_agent planner');
    const tool = byName('execute_tool lookup_order');
    const llm = byName('chat gpt-4o-mini');
    expect(agent.parentSpanContext?.spanId).toBe(workflow.spanContext().spanId);
    expect(tool.parentSpanContext?.spanId).toBe(agent.spanContext().spanId);
    expect(llm.parentSpanContext?.spanId).toBe(agent.spanContext().spanId);
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
    expect(workflow.attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.workflow.name': 'support' });
    expect(agent.attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner', 'gen_ai.agent.id': 'agent-1' });
    expect(tool.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'lookup_order',
      'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.call.arguments': '{"orderId":42}',
      'gen_ai.tool.call.result': '{"status":"shipped"}',
    });
  });

  it('records tool arguments and results only when capture is on', () => {
    setAgentContentCapture(false);
    const out = traceTool('add', () => 3, { arguments: { a: 1, b: 2 } });
    expect(out).toBe(3);
    const tool = byName('execute_tool add');
    expect(tool.attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    expect(tool.attributes['gen_ai.tool.call.result']).toBeUndefined();
  });

  it('marks a failing tool as an error and rethrows, sync and async', async () => {
    expect(() => traceTool('boom', () => { throw new TypeError('bad'); })).toThrow('bad');
    await expect(traceAgent('a', async () => { throw new RangeError('worse'); })).rejects.toThrow('worse');
    expect(byName('execute_tool boom').attributes['error.type']).toBe('TypeError');
    const agent = byName('invoke_agent a');
    expect(agent.status.code).toBe(SpanStatusCode.ERROR);
    expect(agent.attributes['error.type']).toBe('RangeError');
  });
});

describe('withConversation', () => {
  it('puts conversation and user ids on every span inside, incl. foreign ones', async () => {
    await withConversation({ conversationId: 'conv-1', userId: 'user-7' }, () =>
      traceAgent('helper', async () => {
        await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
        trace.getTracer('someone-else').startSpan('db.query').end();
        await withConversation({ userId: 'user-8' }, async () => traceTool('t', () => 1));
      }),
    );
    traceTool('outside', () => 0);
    for (const name of ['invoke_agent helper', 'chat gpt-4o', 'db.query']) {
      expect(byName(name).attributes).toMatchObject({ 'gen_ai.conversation.id': 'conv-1', 'user.id': 'user-7' });
    }
    expect(byName('execute_tool t').attributes).toMatchObject({ 'gen_ai.conversation.id': 'conv-1', 'user.id': 'user-8' });
    expect(byName('execute_tool outside').attributes['gen_ai.conversation.id']).toBeUndefined();
  });

  it('tags every span inside; an inner scope adds its tags to the outer ones', async () => {
    await withConversation({ tags: ['support', 'eu'] }, () =>
      traceAgent('tagged', async () => {
        await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
        await withConversation({ tags: ['refund', 'eu', ''] }, async () => traceTool('refund-tool', () => 1));
      }),
    );
    expect(byName('invoke_agent tagged').attributes['tag.tags']).toEqual(['support', 'eu']);
    expect(byName('chat gpt-4o').attributes['tag.tags']).toEqual(['support', 'eu']);
    expect(byName('execute_tool refund-tool').attributes['tag.tags']).toEqual(['support', 'eu', 'refund']);
  });
});
