/**
 * The OpenAI Responses API (`client.responses.create`, a reasoning model, a conversation whose prefix is cached)
 * through the three OpenAI instrumentations in use — OpenInference, OpenLLMetry and the official
 * `@opentelemetry/instrumentation-openai` — one stack each. Stored tokens must be what the SDK returned, priced from
 * the catalog, with nothing noted amiss; cache reads and reasoning where the library records them.
 */
import { OpenAIInstrumentation as OpenInferenceOpenAI } from '@arizeai/openinference-instrumentation-openai';
import { OpenAIInstrumentation as OfficialOpenAI } from '@opentelemetry/instrumentation-openai';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { OpenAIInstrumentation as TraceloopOpenAI } from '@traceloop/instrumentation-openai';
import OpenAI from 'openai';
import type { ResponseUsage } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { catalogPrice, inRootSpan, modelSpans, readTrace, withLlmTestBed, type OtelToStack } from './llm-e2e.js';

const MODEL = 'o3-mini';
const INPUT = [
  { role: 'user' as const, content: 'hi' },
  { role: 'assistant' as const, content: 'hello' },
  { role: 'user' as const, content: 'What is OTLP? '.repeat(20) },
];

const LIBRARIES: [string, (otel: OtelToStack) => void, { cacheRead: boolean; reasoning: boolean }][] = [
  ['OpenInference', (otel) => new OpenInferenceOpenAI({ tracerProvider: otel.tracerProvider }).manuallyInstrument({ OpenAI } as never), { cacheRead: true, reasoning: true }],
  ['OpenLLMetry', (otel) => {
    const i = new TraceloopOpenAI();
    i.setTracerProvider(otel.tracerProvider);
    i.manuallyInstrument(OpenAI as never);
  }, { cacheRead: false, reasoning: false }],
  ['official OTel', (otel) => {
    const i = new OfficialOpenAI();
    i.setTracerProvider(otel.tracerProvider);
    i.setLoggerProvider(otel.loggerProvider);
    i.setMeterProvider(new MeterProvider());
    for (const definition of i.getModuleDefinitions()) definition.patch?.({ OpenAI });
  }, { cacheRead: false, reasoning: false }],
];

describe('OpenAI Responses API through each instrumentation → collector → canonical records', () => {
  it.each(LIBRARIES)('%s: tokens as the SDK returned them, catalog cost, nothing noted amiss', async (_name, instrument, records) => {
    await withLlmTestBed('responses-app', async ({ stack, stub, otel, close }) => {
      try {
        instrument(otel);
        const client = new OpenAI({ baseURL: stub.openaiBaseURL, apiKey: 'test-key', maxRetries: 0 });
        let usage: ResponseUsage | undefined;
        const traceId = await inRootSpan(otel.tracer, 'responses', async () => {
          usage = (await client.responses.create({ model: MODEL, input: INPUT })).usage;
        });
        await otel.flush();
        const [span] = modelSpans(await readTrace(stack.api, traceId));
        const u = usage!;
        expect(u.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
        expect(u.input_tokens_details.cached_tokens).toBeGreaterThan(0);
        expect(span.genAi).toMatchObject({ requestModel: MODEL, inputTokens: u.input_tokens, outputTokens: u.output_tokens, costSource: 'catalog' });
        expect(span.genAi!.cacheReadTokens ?? 0).toBe(records.cacheRead ? u.input_tokens_details.cached_tokens : 0);
        expect(span.genAi!.reasoningTokens ?? 0).toBe(records.reasoning ? u.output_tokens_details.reasoning_tokens : 0);
        expect(span.genAi!.diagnostics.notes).toEqual([]);
        const cacheRead = records.cacheRead ? u.input_tokens_details.cached_tokens : 0;
        expect(span.genAi!.costUsd).toBeCloseTo(catalogPrice('openai', MODEL, { input_tokens: u.input_tokens, output_tokens: u.output_tokens, cache_read_tokens: cacheRead }), 10);
      } finally {
        await close();
      }
    });
  });
});
