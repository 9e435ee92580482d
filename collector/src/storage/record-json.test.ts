import { describe, expect, it } from 'vitest';
import { emptyRecord, normalizeSpan, type GenAiRecord } from '@watchllm/semconv';
import { encodeGenAiRequest } from '../bench/genai-request.js';
import { readTraces } from '../otlp/signals.js';
import { NativeSink } from './native.js';
import { compactRecordJson, writeCompactRecord } from './record-json.js';

/** What the stored record is: the record without its null fields and diagnostics, as JSON.stringify writes it. */
function reference(record: GenAiRecord): string {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (value !== null && key !== 'diagnostics') out[key] = value;
  return JSON.stringify(out);
}

const withFields = (fields: Partial<Record<keyof GenAiRecord, unknown>>): GenAiRecord => ({ ...emptyRecord(), ...fields }) as GenAiRecord;

describe('compactRecordJson', () => {
  it('writes the JSON of the non-null fields, diagnostics left out, nested nulls kept', () => {
    const record = withFields({
      operation: 'chat',
      requestModel: 'gpt-4o "mini" ✓',
      inputTokens: 12,
      toolArguments: { a: null, b: [1, 'x\n'] },
      stream: false,
      requestParameters: { temperature: 0.2 },
    });
    const text = compactRecordJson(record);
    expect(text).toBe(reference(record));
    expect(JSON.parse(text)).toMatchObject({ operation: 'chat', toolArguments: { a: null }, stream: false });
    expect(text).not.toContain('diagnostics');
  });

  it('writes an empty record as what JSON.stringify would', () => {
    const record = emptyRecord();
    expect(compactRecordJson(record)).toBe(reference(record));
  });

  it('writes every kind of value exactly as JSON.stringify does', () => {
    const odd = [
      'plain', '', 'quote " and \\ backslash', 'tab\tnew\nline\u0000nul\u001f', 'é ü 中文 🚀', '\ud800 lone surrogate', '\u007f del',
      0, -0, 1.5, -2e-7, 1e21, 123456789012345680000, NaN, Infinity, -Infinity, true, false,
      [], {}, [1, 'a', null, undefined, () => 1, [{}], { 'k"ey': 'v' }], { u: undefined, f: () => 1, n: null, nested: { deep: [[[[[[[[[[1]]]]]]]]]] } },
      { '2': 'b', '1': 'a', z: 1, 'é': 2 }, { toJSON: () => 'custom' }, new Date(0), Object.create(null),
    ];
    for (const [i, value] of odd.entries()) {
      const record = withFields({ toolArguments: value, toolResult: [value], requestParameters: { v: value as never }, responseId: typeof value === 'string' ? value : 'id' });
      expect(compactRecordJson(record), `value ${i}`).toBe(reference(record));
    }
  });

  it('matches JSON.stringify for the records of real GenAI spans', () => {
    const batch = readTraces(encodeGenAiRequest(50, 3), 'protobuf', 'p');
    for (const span of batch.resourceSpans[0].scopeSpans[0].spans) {
      const record = normalizeSpan({ name: span.name, attributes: span.attributes.values, resourceAttributes: {} })!;
      expect(compactRecordJson(record)).toBe(reference(record));
    }
  });
});

describe('writeCompactRecord in a Native String', () => {
  it('frames the JSON with its byte length, whatever size the length takes', () => {
    for (const size of [0, 10, 100, 120, 127, 128, 200, 16_000, 16_383, 16_384, 70_000]) {
      const record = withFields({ responseId: 'x'.repeat(size), toolName: 'é'.repeat(size % 7) });
      const sink = new NativeSink(16);
      sink.string('before');
      const start = sink.beginString();
      writeCompactRecord(sink, record);
      sink.endString(start);
      sink.string('after');
      const expected = new NativeSink(16);
      expected.string('before');
      expected.string(reference(record));
      expected.string('after');
      expect(Buffer.compare(sink.bytes(), expected.bytes()), `size ${size}`).toBe(0);
    }
  });
});
