/**
 * A LangGraph.js agent (`createReactAgent` with a tool, `ChatOpenAI` against the stub) traced by
 * `@arizeai/openinference-instrumentation-langchain`: the graph's run is the agent (by the graph's name), its
 * model calls and tool call are steps under it, and LangGraph's `thread_id` is the session.
 */
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import type { AIMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getJson } from './helpers.js';
import { inRootSpan, modelSpans, readSteps, readTrace, withLlmTestBed, type LlmTestBed, type StoredSpan } from './llm-e2e.js';

const THREAD = 'graph-thread-1';
let bed: LlmTestBed;
let traceId = '';
let replies: AIMessage[] = [];
let spans: StoredSpan[];

beforeAll(async () => {
  bed = await withLlmTestBed('langgraph-app', async (b) => {
    new LangChainInstrumentation({ tracerProvider: b.otel.tracerProvider }).manuallyInstrument(CallbackManagerModule);
    const weather = tool(async ({ city }) => `Sunny in ${city}, 24°C`, { name: 'get_weather', description: 'Forecast for a city', schema: z.object({ city: z.string() }) });
    const llm = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'test-key', configuration: { baseURL: b.stub.openaiBaseURL }, maxRetries: 0 });
    const agent = createReactAgent({ llm, tools: [weather], name: 'weather_agent' });
    traceId = await inRootSpan(b.otel.tracer, 'graph', async () => {
      const state = await agent.invoke({ messages: [{ role: 'user', content: 'Weather in Lisbon tomorrow?' }] }, { configurable: { thread_id: THREAD } });
      replies = state.messages.filter((m): m is AIMessage => m.getType() === 'ai');
    });
    await b.otel.flush();
    return b;
  });
  spans = await readTrace(bed.stack.api, traceId, (s) => modelSpans(s).length >= 2 && s.some((x) => x.genAi?.stepType === 'tool'));
});
afterAll(() => bed?.close());

describe('LangGraph.js (OpenInference) → collector → canonical records', () => {
  it("the graph's run is the agent; the model calls, priced, and the tool call are steps under it, in order", async () => {
    expect(replies).toHaveLength(2);
    const agentSpan = spans.find((s) => s.genAi?.stepType === 'agent')!;
    expect(agentSpan.genAi).toMatchObject({ operation: 'invoke_agent', agentName: 'weather_agent', conversationId: THREAD });
    const calls = modelSpans(spans);
    calls.forEach((span, i) => {
      expect(span.genAi).toMatchObject({ provider: 'openai', requestModel: 'gpt-4o-mini', inputTokens: replies[i].usage_metadata!.input_tokens, costSource: 'catalog' });
    });
    const { steps } = await readSteps(bed.stack.api, traceId);
    // Each model and tool call under the graph is the agent's (its nearest agent ancestor).
    expect(steps.filter((s) => s.type !== 'chain').map((s) => [s.type, s.agentName, s.toolName ?? s.model])).toEqual([
      ['agent', 'weather_agent', null],
      ['llm', 'weather_agent', 'gpt-4o-mini'],
      ['tool', 'weather_agent', 'get_weather'],
      ['llm', 'weather_agent', 'gpt-4o-mini'],
    ]);
  });

  it("LangGraph's thread id is the session", async () => {
    const { status, body } = await getJson(`${bed.stack.api}/api/v1/sessions/${THREAD}`);
    expect(status).toBe(200);
    expect(body.traces.map((t: any) => t.traceId)).toEqual([traceId]);
  });
});
