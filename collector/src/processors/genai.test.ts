import { describe, expect, it } from 'vitest';
import { emptyRecord, type GenAiRecord } from '@watchllm/semconv';
import { encodeGenAiRequest } from '../bench/genai-request.js';
import { setAttribute } from '../otlp/any-value.js';
import { readTraces } from '../otlp/signals.js';
import { Telemetry } from '../telemetry.js';
import { compactRecordJson, createGenAiProcessor } from './genai.js';

/** What the stored record is: the record without its null fields and diagnostics, as JSON. */
function reference(record: GenAiRecord): string {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (value !== null && key !== 'diagnostics') out[key] = value;
  return JSON.stringify(out);
}

describe('compactRecordJson', () => {
  it('writes the JSON of the non-null fields, diagnostics left out, nested nulls kept', () => {
    const record: GenAiRecord = {
      ...emptyRecord(),
      operation: 'chat',
      requestModel: 'gpt-4o "mini" ✓',
      inputTokens: 12,
      toolArguments: { a: null, b: [1, 'x\n'] } as unknown as GenAiRecord['toolArguments'],
      stream: false,
      requestParameters: { temperature: 0.2 },
    };
    const text = compactRecordJson(record);
    expect(text).toBe(reference(record));
    expect(JSON.parse(text)).toMatchObject({ operation: 'chat', toolArguments: { a: null }, stream: false });
    expect(text).not.toContain('diagnostics');
  });

  it('writes an empty record as what JSON.stringify would', () => {
    const record = emptyRecord();
    expect(compactRecordJson(record)).toBe(reference(record));
  });
});

describe('genai processor telemetry', () => {
  it('counts the spans of a batch by convention and step type, and unpriced models', async () => {
    const telemetry = new Telemetry();
    const processor = createGenAiProcessor({ customPrices: [] }, telemetry);
    const batch = readTraces(encodeGenAiRequest(12, 0), 'protobuf', 'p');
    const unknown = batch.resourceSpans[0].scopeSpans[0].spans[0].attributes;
    setAttribute(unknown, 'gen_ai.request.model', 'no-such-model-xyz', undefined);
    setAttribute(unknown, 'gen_ai.response.model', 'no-such-model-xyz', undefined);
    processor.processTraces(batch);
    const spans = (await telemetry.genaiSpans.get()).values;
    expect(spans).toEqual([{ labels: { convention: 'otel-genai', step_type: 'llm' }, value: 12 }]);
    const unpriced = (await telemetry.genaiUnpriced.get()).values;
    expect(unpriced).toEqual([{ labels: { model: 'no-such-model-xyz' }, value: 1 }]);
  });

  it('keeps at most 100 unpriced model names as labels: senders choose them', async () => {
    const telemetry = new Telemetry();
    const processor = createGenAiProcessor({ customPrices: [] }, telemetry);
    const batch = readTraces(encodeGenAiRequest(250, 0), 'protobuf', 'p');
    batch.resourceSpans[0].scopeSpans[0].spans.forEach((span, i) => {
      setAttribute(span.attributes, 'gen_ai.request.model', `made-up-${i}`, undefined);
      setAttribute(span.attributes, 'gen_ai.response.model', `made-up-${i}`, undefined);
    });
    processor.processTraces(batch);
    processor.processTraces(batch);
    const unpriced = (await telemetry.genaiUnpriced.get()).values;
    expect(unpriced).toHaveLength(101);
    expect(unpriced.find((v) => v.labels.model === 'made-up-0')?.value).toBe(2);
    expect(unpriced.find((v) => v.labels.model === 'other')?.value).toBe(300);
  });
});
