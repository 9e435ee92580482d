/**
 * Issue 4 cost acceptance: raw `gen_ai.*` spans sent with the OTel SDK over OTLP/protobuf; the stored cost must
 * equal tokens × the catalog price (cached input and cache writes at their own rates), a model priced in
 * otel-config.yaml gets that price, and an unknown model gets NULL plus a `watchllm_genai_unpriced_spans_total` count.
 */
import { SpanKind, type Attributes } from '@opentelemetry/api';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './helpers.js';
import { catalogPrice, onlyModelSpan, otelToStack, readTrace, type OtelToStack } from './llm-e2e.js';

const CONFIG = fileURLToPath(new URL('../../otel-config.yaml', import.meta.url));
const PRIVATE_MODEL = 'my-private-llm';
const UNKNOWN_MODEL = 'acme-unreleased-llm-9';

let stack: TestStack;
let otel: OtelToStack;
const traces: Record<'anthropic' | 'openai' | 'custom' | 'unknown' | 'reported', string> = { anthropic: '', openai: '', custom: '', unknown: '', reported: '' };

/** The shipped config with one custom price added to the genai processor. */
function configWithCustomPrice(): string {
  const text = readFileSync(CONFIG, 'utf8');
  const custom = `custom_prices:\n      - model: ${PRIVATE_MODEL}\n        input_per_mtok: 2\n        output_per_mtok: 6`;
  if (!/custom_prices: \[\]/.test(text)) throw new Error('otel-config.yaml no longer has `custom_prices: []` under genai');
  const path = join(mkdtempSync(join(tmpdir(), 'watchllm-cost-')), 'otel-config.yaml');
  writeFileSync(path, text.replace('custom_prices: []', custom));
  return path;
}

function chatSpan(model: string, attributes: Attributes): string {
  const span = otel.tracer.startSpan(`chat ${model}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': model, ...attributes },
  });
  span.end();
  return span.spanContext().traceId;
}

beforeAll(async () => {
  stack = await startTestStack(undefined, { WATCHLLM_CONFIG: configWithCustomPrice() });
  otel = otelToStack(stack.otlpHttp, 'raw-genai-app');
  traces.anthropic = chatSpan('claude-3-5-sonnet-20241022', {
    'gen_ai.provider.name': 'anthropic',
    'gen_ai.response.model': 'claude-3-5-sonnet-20241022',
    'gen_ai.usage.input_tokens': 1000, // spec semantics: includes the cached tokens below
    'gen_ai.usage.cache_read.input_tokens': 600,
    'gen_ai.usage.cache_creation.input_tokens': 100,
    'gen_ai.usage.output_tokens': 50,
  });
  traces.openai = chatSpan('gpt-4o-mini', {
    'gen_ai.provider.name': 'openai',
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    'gen_ai.usage.input_tokens': 2000,
    'gen_ai.usage.cache_read.input_tokens': 1024,
    'gen_ai.usage.output_tokens': 300,
  });
  traces.custom = chatSpan(PRIVATE_MODEL, { 'gen_ai.provider.name': 'acme', 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 500 });
  traces.unknown = chatSpan(UNKNOWN_MODEL, { 'gen_ai.provider.name': 'openai', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5 });
  traces.reported = chatSpan('gpt-4o-mini', {
    'gen_ai.provider.name': 'openai', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5, 'gen_ai.usage.cost': 0.5,
  });
  await otel.flush();
});

afterAll(async () => {
  await otel?.shutdown();
  await stack?.running.shutdown();
});

describe('cost at ingest', () => {
  it('Anthropic model as raw gen_ai.* spans: cache reads and cache writes at their catalog rates', async () => {
    const { genAi } = onlyModelSpan(await readTrace(stack.api, traces.anthropic));
    const expected = catalogPrice('anthropic', 'claude-3-5-sonnet-20241022', { input_tokens: 1000, cache_read_tokens: 600, cache_write_tokens: 100, output_tokens: 50 });
    expect(genAi).toMatchObject({ provider: 'anthropic', inputTokens: 1000, cacheReadTokens: 600, cacheWriteTokens: 100, outputTokens: 50, costSource: 'catalog' });
    expect(genAi.costUsd).toBeCloseTo(expected, 12);
    // $3 / $0.30 / $3.75 / $15 per million: 300 uncached + 600 read + 100 written + 50 out
    expect(genAi.costUsd).toBeCloseTo((300 * 3 + 600 * 0.3 + 100 * 3.75 + 50 * 15) / 1e6, 12);
  });

  it('gpt-4o-mini (dated response model): cached input at the cached rate', async () => {
    const { genAi } = onlyModelSpan(await readTrace(stack.api, traces.openai));
    const expected = catalogPrice('openai', 'gpt-4o-mini-2024-07-18', { input_tokens: 2000, cache_read_tokens: 1024, output_tokens: 300 });
    expect(genAi.costUsd).toBeCloseTo(expected, 12);
    expect(genAi.costUsd).toBeCloseTo((976 * 0.15 + 1024 * 0.075 + 300 * 0.6) / 1e6, 12);
    expect(genAi.priceVersion).toMatch(/^genai-prices@\d/);
  });

  it('a private model priced in otel-config.yaml gets that price', async () => {
    const { genAi } = onlyModelSpan(await readTrace(stack.api, traces.custom));
    expect(genAi).toMatchObject({ requestModel: PRIVATE_MODEL, costSource: 'custom', priceVersion: 'custom' });
    expect(genAi.costUsd).toBeCloseTo((1000 * 2 + 500 * 6) / 1e6, 12);
  });

  it('an unknown model gets NULL (never 0) and is counted in watchllm_genai_unpriced_spans_total', async () => {
    const { genAi } = onlyModelSpan(await readTrace(stack.api, traces.unknown));
    expect(genAi).toMatchObject({ requestModel: UNKNOWN_MODEL, inputTokens: 10, costUsd: null, costSource: 'unpriced' });
    const metrics = await (await fetch(`${stack.api}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`^watchllm_genai_unpriced_spans_total\\{[^}]*model="${UNKNOWN_MODEL}"[^}]*\\} 1$`, 'm'));
    expect(metrics).not.toMatch(/watchllm_genai_unpriced_spans_total\{[^}]*model="gpt-4o-mini"/);
  });

  it('a cost reported on the span is kept and marked as reported', async () => {
    const { genAi } = onlyModelSpan(await readTrace(stack.api, traces.reported));
    expect(genAi).toMatchObject({ costUsd: 0.5, costSource: 'reported' });
  });
});
