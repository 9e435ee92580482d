import { describe, expect, it } from 'vitest';
import { emptyRecord, type GenAiRecord } from '@watchllm/semconv';
import { compactRecordJson } from './genai.js';

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
