/**
 * LangChain.js traced by `@arizeai/openinference-instrumentation-langchain` (what Arize Phoenix users run): a
 * tool-calling agent's spans, exported over OTLP/protobuf, read back as canonical records — the provider and
 * conversation from LangChain's run metadata, tokens and catalog cost per model call, the tool call and its
 * result, the step view and the session.
 */
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from './helpers.js';
import { LANGCHAIN_MODEL, LANGCHAIN_QUESTION, RUN_METADATA, runLangChainAgent, type LangChainRun } from './langchain-agent.js';
import { catalogPrice, messageText, modelSpans, readSteps, readTrace, toolCallParts, type StoredSpan } from './llm-e2e.js';

let run: LangChainRun;
let spans: StoredSpan[];

beforeAll(async () => {
  run = await runLangChainAgent('langchain-openinference', (otel, callbackManager) =>
    new LangChainInstrumentation({ tracerProvider: otel.tracerProvider }).manuallyInstrument(callbackManager),
  );
  spans = await readTrace(run.stack.api, run.traceId, (s) => s.length >= 5);
});

afterAll(() => run?.close());

describe('LangChain.js (OpenInference) → collector → canonical records', () => {
  it("each model call: provider from LangChain's metadata, model, tokens as LangChain counted them, catalog cost", () => {
    const calls = modelSpans(spans);
    expect(calls).toHaveLength(2);
    calls.forEach((span, i) => {
      const usage = run.replies[i].usage_metadata!;
      const cacheRead = usage.input_token_details?.cache_read ?? 0;
      expect(span.genAi).toMatchObject({ operation: 'chat', provider: 'openai', requestModel: LANGCHAIN_MODEL, inputTokens: usage.input_tokens, outputTokens: usage.output_tokens, costSource: 'catalog' });
      expect(span.genAi!.cacheReadTokens ?? 0).toBe(cacheRead);
      expect(span.genAi!.costUsd).toBeCloseTo(catalogPrice('openai', LANGCHAIN_MODEL, { input_tokens: usage.input_tokens, output_tokens: usage.output_tokens, cache_read_tokens: cacheRead }), 10);
      expect(span.genAi).toMatchObject({ conversationId: RUN_METADATA.thread_id, userId: RUN_METADATA.user_id });
    });
  });

  it('the tool call the model asked for, its definition, and the answer after the tool result', () => {
    const [first, second] = modelSpans(spans);
    const call = run.replies[0].tool_calls![0];
    expect(messageText(first.genAi!.inputMessages)).toBe(LANGCHAIN_QUESTION);
    expect(toolCallParts(first.genAi!.outputMessages)).toEqual([expect.objectContaining({ type: 'tool_call', name: 'get_weather', arguments: call.args })]);
    expect(first.genAi!.finishReasons).toEqual(['tool_call']);
    expect(JSON.stringify(first.genAi!.toolDefinitions)).toContain('get_weather');
    expect(second.genAi!.inputMessages.map((m: any) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(messageText(second.genAi!.outputMessages)).toBe(run.replies[1].content);
    expect(second.genAi!.finishReasons).toEqual(['stop']);
  });

  it('the tool span, and the step view: chain, llm, tool, llm', async () => {
    const toolSpan = spans.find((s) => s.genAi?.stepType === 'tool')!;
    expect(toolSpan.genAi).toMatchObject({ operation: 'execute_tool', toolName: 'get_weather' });
    expect(JSON.stringify(toolSpan.genAi!.toolResult)).toContain(run.toolResult);
    const { steps } = await readSteps(run.stack.api, run.traceId);
    expect(steps.map((s) => [s.type, s.name])).toEqual([['chain', 'weather-agent'], ['llm', 'ChatOpenAI'], ['tool', 'get_weather'], ['llm', 'ChatOpenAI']]);
    expect(steps[1].requestedToolCalls).toEqual([expect.objectContaining({ name: 'get_weather' })]);
  });

  it("LangGraph's thread id is the session", async () => {
    const { status, body } = await getJson(`${run.stack.api}/api/v1/sessions/${RUN_METADATA.thread_id}`);
    expect(status).toBe(200);
    expect(body.traces.map((t: any) => t.traceId)).toEqual([run.traceId]);
  });
});
