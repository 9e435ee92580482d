/**
 * Issue 4 acceptance: `@arizeai/openinference-instrumentation-openai` on the real `openai` SDK against the stub,
 * exported over OTLP/protobuf to the collector. OpenInference uses its own convention (`openinference.span.kind`,
 * `llm.*` with indexed messages, `input.value`/`output.value`, `embedding.*`), mapped to the canonical record.
 */
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStack } from './helpers.js';
import { messageText, modelSpans, onlyModelSpan, readTrace } from './llm-e2e.js';
import {
  CHAT_MODEL, CHAT_PROMPT, EMBEDDING_MODEL, STREAM_PROMPT, SYSTEM_PROMPT, WEATHER_TOOL, expectOpenAiCall, expectToolCallCase,
  runInstrumentedOpenAi, type CaseName, type CaseResult, type InstrumentedOpenAiRun,
} from './openai-cases.js';

let stack: TestStack;
let run: InstrumentedOpenAiRun | undefined;
let cases: Record<CaseName, CaseResult>;

beforeAll(async () => {
  run = await runInstrumentedOpenAi('openinference-app', (otel) => {
    const instrumentation = new OpenAIInstrumentation({ tracerProvider: otel.tracerProvider });
    // The package's documented way for ESM: patch the imported module.
    instrumentation.manuallyInstrument({ OpenAI } as never);
  });
  ({ stack, cases } = run);
});

afterAll(() => run?.close());

describe('@arizeai/openinference-instrumentation-openai → collector → canonical record', () => {
  it('chat completion: model, provider, tokens, catalog cost, indexed messages', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, cases.chat.traceId));
    expect(span.attributes['openinference.span.kind']).toBe('LLM');
    expectOpenAiCall(span.genAi, { operation: 'chat', model: CHAT_MODEL, usage: cases.chat.usage });
    expect(span.genAi.inputMessages).toEqual([
      { role: 'system', parts: [{ type: 'text', content: SYSTEM_PROMPT }] },
      { role: 'user', parts: [{ type: 'text', content: CHAT_PROMPT }] },
    ]);
    expect(span.genAi.outputMessages[0].role).toBe('assistant');
    expect(messageText(span.genAi.outputMessages)).toBe(cases.chat.text);
    expect(span.genAi.finishReasons).toEqual(['stop']);
    expect(span.genAi.requestParameters).toMatchObject({ temperature: 0.2 });
    expect(span.genAi.diagnostics.conventions[0]).toBe('openinference');
    expect(span.genAi.diagnostics.unmapped).toEqual([]);
  });

  it('streamed chat: content captured; OpenInference skips the usage chunk, so cost stays null (never 0)', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, cases.stream.traceId));
    expect(span.attributes['llm.token_count.prompt']).toBeUndefined();
    expectOpenAiCall(span.genAi, { operation: 'chat', model: CHAT_MODEL });
    expect(span.genAi).toMatchObject({ stream: true, costUsd: null });
    expect(messageText(span.genAi.inputMessages)).toBe(STREAM_PROMPT);
    expect(messageText(span.genAi.outputMessages)).toBe(cases.stream.text);
  });

  it('a token count the library did not report reads as null, not 0', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, cases.stream.traceId));
    expect(span.genAi.inputTokens).toBeNull();
    expect(span.genAi.outputTokens).toBeNull();
  });

  it('tool call: indexed tool_calls become a tool_call part; llm.tools become tool definitions; step view', async () => {
    const span = await expectToolCallCase(stack.api, cases.tool);
    expect(JSON.stringify(span.genAi.toolDefinitions)).toContain(WEATHER_TOOL.function.name);
  });

  it('embedding: EMBEDDING span kind → embeddings operation; OpenInference records no usage, so cost is null', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, cases.embedding.traceId));
    expect(span.attributes['openinference.span.kind']).toBe('EMBEDDING');
    expectOpenAiCall(span.genAi, { operation: 'embeddings', model: EMBEDDING_MODEL });
    expect(span.genAi.costUsd).toBeNull();
  });

  it('API error: 4.2.7 ends its span only on success, so a rejected call exports no span', async () => {
    const spans = await readTrace(stack.api, cases.error.traceId, (s) => s.length > 0);
    expect(spans.map((s) => s.name)).toEqual(['case error']);
    expect(modelSpans(spans)).toEqual([]);
  });
});
