import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { trace, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AnthropicInstrumentation, instrumentAnthropic } from '../anthropic/instrumentation.js';
import { WatchLLMContextSpanProcessor } from '../context-processor.js';
import { OpenAIInstrumentation, instrumentOpenAI } from '../openai/instrumentation.js';
import { createTestTelemetry } from '../testing/harness.js';
import { validateGenAiSpan } from '../testing/validate.js';
import { runDemoAgent, type DemoSummary } from './agent.js';
import { startStubLlmServer, type StubLlmServer } from './stub-server.js';

const telemetry = createTestTelemetry([new WatchLLMContextSpanProcessor()]);
trace.setGlobalTracerProvider(telemetry.tracerProvider);
let stub: StubLlmServer;
let summary: DemoSummary;

beforeAll(async () => {
  stub = await startStubLlmServer({ errorEvery: 9, chunkDelayMs: 0 });
  const openai = instrumentOpenAI(new OpenAI({ baseURL: stub.openaiBaseURL, apiKey: 'k', maxRetries: 0 }), new OpenAIInstrumentation({ enabled: false, captureMessageContent: true }));
  const anthropic = instrumentAnthropic(new Anthropic({ baseURL: stub.anthropicBaseURL, apiKey: 'k', maxRetries: 0 }), new AnthropicInstrumentation({ enabled: false, captureMessageContent: true }));
  summary = await runDemoAgent({ openai, anthropic, sessions: 4, turnsPerSession: 2 });
});
afterAll(async () => {
  await stub.close();
  await telemetry.shutdown();
});

it('produces one valid GenAI trace per turn, over both providers, sessions and users', () => {
  const spans = telemetry.spans();
  expect(summary.traceIds).toHaveLength(8);
  expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set(summary.traceIds));
  for (const span of spans) expect({ name: span.name, problems: validateGenAiSpan(span) }).toEqual({ name: span.name, problems: [] });
  const providers = new Set(spans.map((s) => s.attributes['gen_ai.provider.name']).filter(Boolean));
  expect(providers).toEqual(new Set(['openai', 'anthropic']));
  const models = new Set(spans.map((s) => s.attributes['gen_ai.request.model']).filter(Boolean));
  for (const m of ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet-20241022', 'claude-3-5-haiku-20241022', 'text-embedding-3-small']) expect(models).toContain(m);
  expect(new Set(spans.map((s) => s.attributes['gen_ai.conversation.id'])).size).toBe(4);
  expect(spans.every((s) => typeof s.attributes['user.id'] === 'string')).toBe(true);
  expect(spans.some((s) => s.status.code === SpanStatusCode.ERROR && s.attributes['error.type'])).toBe(true);
  expect(spans.some((s) => typeof s.attributes['gen_ai.response.time_to_first_chunk'] === 'number')).toBe(true);
});

it('nests planner → LLM and agent → LLM/tool → LLM under one workflow root', () => {
  const spans = telemetry.spans();
  // Failures are scheduled by request count, so pick a turn that reached its tools.
  const traceId = spans.find((s) => s.name.startsWith('execute_tool'))!.spanContext().traceId;
  const mine = spans.filter((s) => s.spanContext().traceId === traceId);
  const byId = new Map(mine.map((s) => [s.spanContext().spanId, s]));
  const roots = mine.filter((s) => !s.parentSpanContext);
  expect(roots.map((r) => r.name)).toEqual(['invoke_workflow customer-support']);
  const parentName = (name: string) => byId.get(mine.find((s) => s.name.startsWith(name))!.parentSpanContext!.spanId)!.name;
  expect(parentName('invoke_agent planner')).toBe('invoke_workflow customer-support');
  expect(parentName('execute_tool')).toBe('invoke_agent support-agent');
  expect(mine.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat').length).toBeGreaterThanOrEqual(3);
});
