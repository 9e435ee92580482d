/**
 * The OpenAI Agents SDK (`@openai/agents`) traced by `@arizeai/openinference-instrumentation-openai-agents` (the SDK's
 * own tracing processors bridged to OpenTelemetry): an agent with a function tool, its model (the Responses API)
 * pointed at the stub. Stored: the agent by name, each model call with tokens and catalog cost, the tool call, and
 * the steps in order.
 */
import * as agents from '@openai/agents';
import { OpenAIAgentsInstrumentation } from '@arizeai/openinference-instrumentation-openai-agents';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inRootSpan, modelSpans, readSteps, readTrace, withLlmTestBed, type LlmTestBed, type StoredSpan } from './llm-e2e.js';

const MODEL = 'gpt-4o-mini';
let bed: LlmTestBed;
let traceId = '';
let usages: { inputTokens: number; outputTokens: number }[] = [];
let spans: StoredSpan[];

beforeAll(async () => {
  bed = await withLlmTestBed('openai-agents-app', async (b) => {
    new OpenAIAgentsInstrumentation({ tracerProvider: b.otel.tracerProvider }).manuallyInstrument(agents);
    // The SDK turns its tracing off under NODE_ENV=test (vitest sets it).
    agents.setTracingDisabled(false);
    agents.setDefaultOpenAIClient(new OpenAI({ baseURL: b.stub.openaiBaseURL, apiKey: 'test-key', maxRetries: 0 }) as never);
    const weather = agents.tool({ name: 'get_weather', description: 'Forecast for a city', parameters: z.object({ city: z.string() }), execute: async ({ city }) => `Sunny in ${city}, 24°C` });
    const agent = new agents.Agent({ name: 'Weather agent', instructions: 'Be brief.', model: MODEL, tools: [weather] });
    traceId = await inRootSpan(b.otel.tracer, 'agents run', async () => {
      const result = await agents.run(agent, 'Weather in Lisbon tomorrow?');
      usages = result.rawResponses.map((r) => ({ inputTokens: r.usage.inputTokens, outputTokens: r.usage.outputTokens }));
    });
    // The SDK's processors end its spans as the run ends; the bridge hands them on at once.
    await b.otel.flush();
    return b;
  });
  spans = await readTrace(bed.stack.api, traceId, (s) => modelSpans(s).length >= 2 && s.some((x) => x.genAi?.stepType === 'tool'));
});
afterAll(() => bed?.close());

describe('OpenAI Agents SDK (OpenInference) → collector → canonical records', () => {
  it('the agent by name; each model call with its model, tokens and catalog cost; the tool call', () => {
    expect(usages).toHaveLength(2);
    const agent = spans.find((s) => s.genAi?.agentName === 'Weather agent')!;
    expect(agent.genAi).toMatchObject({ operation: 'invoke_agent', stepType: 'agent' });
    modelSpans(spans).forEach((span, i) => {
      expect(span.genAi).toMatchObject({ operation: 'chat', provider: 'openai', requestModel: MODEL, inputTokens: usages[i].inputTokens, outputTokens: usages[i].outputTokens, costSource: 'catalog' });
      expect(span.genAi!.costUsd).toBeGreaterThan(0);
    });
    const tool = spans.find((s) => s.genAi?.stepType === 'tool')!;
    expect(tool.genAi).toMatchObject({ operation: 'execute_tool', toolName: 'get_weather' });
    expect(JSON.stringify(tool.genAi!.toolResult)).toContain('Sunny in');
  });

  it('the steps in order: the workflow and the agent, then model, tool, model', async () => {
    const { steps } = await readSteps(bed.stack.api, traceId);
    expect(steps.filter((s) => s.type !== 'chain').map((s) => [s.type, s.agentName, s.toolName ?? s.model])).toEqual([
      ['agent', 'Agent workflow', null],
      ['agent', 'Weather agent', null],
      ['llm', 'Weather agent', MODEL],
      ['tool', 'Weather agent', 'get_weather'],
      ['llm', 'Weather agent', MODEL],
    ]);
  });
});
