/**
 * LangChain.js traced by `@traceloop/instrumentation-langchain` (OpenLLMetry): the same tool-calling agent as
 * the OpenInference test. Its model spans speak gen_ai.*; its tool span is a `task` holding the serialized
 * ToolMessage, from which the tool's name, call id, arguments and result are read.
 */
import { LangChainInstrumentation } from '@traceloop/instrumentation-langchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGCHAIN_MODEL, LANGCHAIN_QUESTION, runLangChainAgent, type LangChainRun } from './langchain-agent.js';
import { catalogPrice, messageText, modelSpans, readSteps, readTrace, type StoredSpan } from './llm-e2e.js';

let run: LangChainRun;
let spans: StoredSpan[];

beforeAll(async () => {
  run = await runLangChainAgent('langchain-traceloop', (otel, callbackManager) => {
    const instrumentation = new LangChainInstrumentation();
    instrumentation.setTracerProvider(otel.tracerProvider);
    instrumentation.manuallyInstrument({ callbackManagerModule: callbackManager });
  });
  spans = await readTrace(run.stack.api, run.traceId, (s) => s.length >= 5);
});

afterAll(() => run?.close());

describe('LangChain.js (OpenLLMetry) → collector → canonical records', () => {
  it('each model call: provider, model, tokens as LangChain counted them, catalog cost of the stored tokens', () => {
    const calls = modelSpans(spans);
    expect(calls).toHaveLength(2);
    calls.forEach((span, i) => {
      const usage = run.replies[i].usage_metadata!;
      expect(span.genAi).toMatchObject({ operation: 'chat', provider: 'openai', requestModel: LANGCHAIN_MODEL, inputTokens: usage.input_tokens, outputTokens: usage.output_tokens, costSource: 'catalog' });
      // The library records no cache reads, so the price is the plain input/output price of the tokens it did record.
      expect(span.genAi!.costUsd).toBeCloseTo(catalogPrice('openai', LANGCHAIN_MODEL, { input_tokens: usage.input_tokens, output_tokens: usage.output_tokens }), 10);
    });
    expect(messageText(calls[0].genAi!.inputMessages)).toBe(LANGCHAIN_QUESTION);
    expect(calls[0].genAi!.finishReasons).toEqual(['tool_call']);
    expect(messageText(calls[1].genAi!.outputMessages)).toBe(run.replies[1].content);
  });

  it("the tool span: the tool's name, call id, arguments and result from the ToolMessage, not the tool's class name", () => {
    const toolSpan = spans.find((s) => s.genAi?.stepType === 'tool')!;
    const call = run.replies[0].tool_calls![0];
    expect(toolSpan.name).toBe('execute_tool DynamicStructuredTool');
    expect(toolSpan.genAi).toMatchObject({ operation: 'execute_tool', toolName: 'get_weather', toolCallId: call.id, toolArguments: call.args, toolResult: run.toolResult });
  });

  it('the step view: workflow, llm, tool, llm', async () => {
    const { steps } = await readSteps(run.stack.api, run.traceId);
    expect(steps.map((s) => [s.type, s.toolName ?? s.model])).toEqual([['chain', null], ['llm', LANGCHAIN_MODEL], ['tool', 'get_weather'], ['llm', LANGCHAIN_MODEL]]);
  });
});
