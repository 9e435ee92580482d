/**
 * Claude on Bedrock through `@arizeai/openinference-instrumentation-bedrock` (the real `@aws-sdk/client-bedrock-runtime`
 * against the stub's Converse and InvokeModel APIs, cached system prompt). The library records Bedrock's and Claude's
 * cache-exclusive input counts as `llm.token_count.prompt`: on Converse with no cache counts beside it (the total shows
 * what is missing), on InvokeModel with them. Stored input tokens must count the cache (the spec's rule), and be priced.
 */
import * as BedrockModule from '@aws-sdk/client-bedrock-runtime';
import { ConverseCommand, InvokeModelCommand, type TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import { BedrockInstrumentation } from '@arizeai/openinference-instrumentation-bedrock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogPrice, inRootSpan, modelSpans, readTrace, withLlmTestBed, type LlmTestBed } from './llm-e2e.js';
import { stubBedrockClient } from '@watchllm/instrumentation/stub-clients';

const MODEL_ID = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const SYSTEM = 'You are a careful assistant for a bookshop; answer in one short paragraph. '.repeat(12);

let bed: LlmTestBed;
const converse = { traceId: '', usage: undefined as unknown as TokenUsage };
const invoke = { traceId: '', usage: undefined as unknown as { input_tokens: number; output_tokens: number; cache_creation_input_tokens?: number; cache_read_input_tokens?: number } };

beforeAll(async () => {
  bed = await withLlmTestBed('bedrock-openinference', async (b) => {
    new BedrockInstrumentation({ tracerProvider: b.otel.tracerProvider } as never).manuallyInstrument(BedrockModule as never);
    const client = stubBedrockClient(b.stub.bedrockEndpoint);
    converse.traceId = await inRootSpan(b.otel.tracer, 'converse', async () => {
      converse.usage = (await client.send(new ConverseCommand({ modelId: MODEL_ID, system: [{ text: SYSTEM }], messages: [{ role: 'user', content: [{ text: 'Do you stock poetry?' }] }] }))).usage!;
    });
    invoke.traceId = await inRootSpan(b.otel.tracer, 'invoke', async () => {
      const body = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 200, system: SYSTEM, messages: [{ role: 'user', content: `Check my list: ${'The Odyssey; Middlemarch; Beloved; '.repeat(60)}` }] };
      const res = await client.send(new InvokeModelCommand({ modelId: MODEL_ID, contentType: 'application/json', body: JSON.stringify(body) }));
      invoke.usage = JSON.parse(Buffer.from(res.body).toString()).usage;
    });
    await b.otel.flush();
    return b;
  });
});
afterAll(() => bed?.close());

describe('Claude on Bedrock (OpenInference) → collector → canonical records', () => {
  it('Converse: the cached input the library left out of its prompt count is taken from its total', async () => {
    const [span] = modelSpans(await readTrace(bed.stack.api, converse.traceId));
    const u = converse.usage;
    const input = u.inputTokens! + (u.cacheReadInputTokens ?? 0) + (u.cacheWriteInputTokens ?? 0);
    expect(u.cacheWriteInputTokens).toBeGreaterThan(0);
    expect(span.attributes['llm.token_count.prompt']).toBe(u.inputTokens);
    expect(span.genAi).toMatchObject({ provider: 'aws.bedrock', inputTokens: input, outputTokens: u.outputTokens, costSource: 'catalog' });
    // The split between cache reads and writes is not in the span: the cached part is priced as input.
    expect(span.genAi!.costUsd).toBeCloseTo(catalogPrice('aws', MODEL_ID, { input_tokens: input, output_tokens: u.outputTokens! }), 10);
  });

  it('InvokeModel: input tokens with the cache write added once, the write apart, catalog cost', async () => {
    const [span] = modelSpans(await readTrace(bed.stack.api, invoke.traceId));
    const u = invoke.usage;
    const cacheRead = u.cache_read_input_tokens ?? 0;
    const cacheWrite = u.cache_creation_input_tokens ?? 0;
    // The uncached part is the larger one, so only the library's known habit tells the count was exclusive.
    expect(u.input_tokens).toBeGreaterThan(cacheRead + cacheWrite);
    expect(span.genAi).toMatchObject({ provider: 'aws.bedrock', inputTokens: u.input_tokens + cacheRead + cacheWrite, outputTokens: u.output_tokens, costSource: 'catalog' });
    expect(span.genAi!.cacheWriteTokens ?? 0).toBe(cacheWrite);
    expect(span.genAi!.costUsd).toBeCloseTo(catalogPrice('aws', MODEL_ID, { input_tokens: u.input_tokens + cacheRead + cacheWrite, output_tokens: u.output_tokens, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite }), 10);
  });
});
