import { describe, expect, it } from 'vitest';
import type { SpanRecordRow } from '../reader/trace-rows.js';
import { genAiDto } from './genai.js';

const row = (record: object | '', cost: Partial<SpanRecordRow> = {}) =>
  ({ GenAiRecord: record === '' ? '' : JSON.stringify(record), GenAiDiagnostics: '', CostUsd: null, CostSource: '', PriceVersion: '', ...cost }) as SpanRecordRow;

describe('genAiDto', () => {
  it('is null for a span stored without a GenAI record and none completed at read time', () => {
    expect(genAiDto(row(''))).toBeNull();
  });

  it('keeps what ingest decided over a re-normalization at read time, and takes only what ingest left unknown', () => {
    const stored = { operation: 'chat', requestModel: 'gpt-4o', stepType: 'llm', inputTokens: 3 };
    const completed = { operation: 'text_completion', requestModel: 'other', responseModel: 'gpt-4o-2024-08-06', stepType: 'other', inputTokens: 3, outputTokens: 9 };
    expect(genAiDto(row(stored), completed)).toMatchObject({
      operation: 'chat',
      requestModel: 'gpt-4o',
      stepType: 'llm',
      responseModel: 'gpt-4o-2024-08-06',
      inputTokens: 3,
      outputTokens: 9,
      provider: null,
    });
  });

  it('reads cost from its columns (a reprice updates them, not the record)', () => {
    const dto = genAiDto(row({ stepType: 'llm', costUsd: 1 }, { CostUsd: 0.25, CostSource: 'catalog', PriceVersion: 'v2' }));
    expect(dto).toMatchObject({ costUsd: 0.25, costSource: 'catalog', priceVersion: 'v2', stepType: 'llm', inputTokens: null });
  });
});
