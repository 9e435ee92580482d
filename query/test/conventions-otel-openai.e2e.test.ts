/**
 * Issue 4 acceptance: `@opentelemetry/instrumentation-openai` on the real `openai` SDK against the stub server,
 * spans and content log records exported over OTLP/protobuf to the collector, canonical record read back.
 * This library puts no content on the span: messages arrive as OTLP log records (`gen_ai.*.message`, `gen_ai.choice`)
 * and are joined to their span at read time.
 */
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, type TestStack } from './helpers.js';
import { messageText, onlyModelSpan, readTrace, type StoredSpan } from './llm-e2e.js';
import {
  CHAT_MODEL, CHAT_PROMPT, EMBEDDING_MODEL, STREAM_PROMPT, SYSTEM_PROMPT, expectOpenAiCall, expectToolCallCase, runInstrumentedOpenAi,
  type CaseName, type CaseResult, type InstrumentedOpenAiRun,
} from './openai-cases.js';

let stack: TestStack;
let run: InstrumentedOpenAiRun | undefined;
let cases: Record<CaseName, CaseResult>;

// Content capture is opt-in; the instrumentation reads this when constructed.
process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'true';

beforeAll(async () => {
  run = await runInstrumentedOpenAi('otel-openai-app', (otel) => {
    const instrumentation = new OpenAIInstrumentation();
    instrumentation.setTracerProvider(otel.tracerProvider);
    instrumentation.setLoggerProvider(otel.loggerProvider);
    // Its histograms are created only once a meter provider is set; without one it throws while recording.
    instrumentation.setMeterProvider(new MeterProvider());
    // An ESM `import` cannot be hooked at load time: apply the instrumentation's own module patch to the imported class.
    for (const definition of instrumentation.getModuleDefinitions()) definition.patch?.({ OpenAI });
  });
  ({ stack, cases } = run);
});

afterAll(() => run?.close());

/** Waits for the span and for its content log records (they travel in a separate OTLP request). */
const withContent = (spans: StoredSpan[]) => spans.some((s) => s.genAi?.inputMessages && (s.genAi.outputMessages || s.status.code === 'ERROR'));

describe('@opentelemetry/instrumentation-openai → collector → canonical record', () => {
  it('chat completion: model, provider, tokens, catalog cost, and messages from log records', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, cases.chat.traceId, withContent));
    expect(span.name).toBe(`chat ${CHAT_MODEL}`);
    expect(span.attributes['gen_ai.system']).toBe('openai'); // the deprecated provider attribute, mapped
    expectOpenAiCall(span.genAi, { operation: 'chat', model: CHAT_MODEL, usage: cases.chat.usage });
    expect(span.genAi.inputMessages).toEqual([
      { role: 'system', parts: [{ type: 'text', content: SYSTEM_PROMPT }] },
      { role: 'user', parts: [{ type: 'text', content: CHAT_PROMPT }] },
    ]);
    expect(span.genAi.outputMessages).toHaveLength(1);
    expect(span.genAi.outputMessages[0]).toMatchObject({ role: 'assistant', finish_reason: 'stop' });
    expect(messageText(span.genAi.outputMessages)).toBe(cases.chat.text);
    expect(span.genAi.finishReasons).toEqual(['stop']);
  });

  it('streamed chat with include_usage: tokens from the final chunk, priced, streamed text as the output message', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, cases.stream.traceId, withContent));
    expect(cases.stream.usage).toBeDefined();
    expectOpenAiCall(span.genAi, { operation: 'chat', model: CHAT_MODEL, usage: cases.stream.usage });
    expect(messageText(span.genAi.inputMessages)).toBe(STREAM_PROMPT);
    expect(messageText(span.genAi.outputMessages)).toBe(cases.stream.text);
  });

  it('tool call: the assistant tool_call part (id, name, parsed arguments) and the step view sees it', async () => {
    await expectToolCallCase(stack.api, cases.tool, withContent);
  });

  it('embedding: operation embeddings, input tokens, catalog cost', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, cases.embedding.traceId));
    expectOpenAiCall(span.genAi, { operation: 'embeddings', model: EMBEDDING_MODEL, usage: cases.embedding.usage });
  });

  it('API error: error status, error.type, no cost (null, never 0)', async () => {
    const span = onlyModelSpan(await readTrace(stack.api, cases.error.traceId, withContent));
    expect(span.status.code).toBe('ERROR');
    expect(span.genAi).toMatchObject({ operation: 'chat', provider: 'openai', requestModel: CHAT_MODEL, errorType: 'InternalServerError', costUsd: null });
    expect(messageText(span.genAi.inputMessages)).toContain('please');
  });

  it("the trace list's input / output preview (and Langfuse's observation list) read the content log records too", async () => {
    await readTrace(stack.api, cases.chat.traceId, withContent);
    const { body } = await getJson<{ previews: { traceId: string; input: string | null; output: string | null }[] }>(`${stack.api}/api/v1/traces/previews?traceId=${cases.chat.traceId}`);
    expect(body.previews).toEqual([{ traceId: cases.chat.traceId, input: CHAT_PROMPT, output: cases.chat.text.replace(/\s+/g, ' ').trim() }]);
    // So do Langfuse's observation lists.
    // Found by type, not position: the instrumentation's start time can fall before its root span's in the same millisecond.
    const { body: observations } = await getJson<{ data: { type: string; input: string | null }[] }>(`${stack.api}/api/public/v2/observations?traceId=${cases.chat.traceId}&fields=core,io`);
    expect(observations.data.find((o) => o.type === 'GENERATION')?.input).toContain(CHAT_PROMPT);
  });
});
