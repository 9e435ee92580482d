import { describe, expect, it } from 'vitest';
import { csvField, tracesCsv } from './traces-csv.js';
import type { TraceListItemDto } from './trace-summary.js';

describe('tracesCsv', () => {
  it('quotes fields with commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"\nthen')).toBe('"say ""hi""\nthen"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField(-1.5)).toBe('-1.5');
    expect(csvField(null)).toBe('');
  });

  it('writes a header and one CRLF-terminated row per trace', () => {
    const t: TraceListItemDto = {
      traceId: 'a'.repeat(32),
      rootName: 'invoke_agent, planner',
      serviceName: 'svc',
      startTimeUnixNano: '1764806400123000000',
      durationMs: 12.5,
      spanCount: 3,
      errorCount: 1,
      llmCallCount: 2,
      inputTokens: 100,
      outputTokens: 20,
      costUsd: null,
      models: ['gpt-4o', 'claude'],
      sessionId: null,
      userId: '@alice',
      tags: ['beta', 'eu west'],
      scores: [{ name: 'relevance', count: 1, avgScore: 0.5, label: null }],
    };
    expect(tracesCsv([t]).split('\r\n')).toEqual([
      'traceId,start,rootName,service,durationMs,spans,errors,llmCalls,inputTokens,outputTokens,costUsd,models,sessionId,userId,scores,tags',
      `${'a'.repeat(32)},2025-12-04T00:00:00.123Z,"invoke_agent, planner",svc,12.5,3,1,2,100,20,,gpt-4o claude,,'@alice,relevance=0.5,beta; eu west`,
      '',
    ]);
  });
});
