import { describe, expect, it } from 'vitest';
import { normalizeSpan } from '../normalize.js';
import { makeSpan } from '../testing.js';

describe('Langfuse attributes', () => {
  it('maps a generation observation with usage and cost details', () => {
    const record = normalizeSpan(makeSpan({
      'langfuse.observation.type': 'generation',
      'langfuse.observation.model.name': 'gpt-4o',
      'langfuse.observation.model.parameters': JSON.stringify({ temperature: 0.7 }),
      'langfuse.observation.usage_details': JSON.stringify({ input: 100, output: 20, total: 120 }),
      'langfuse.observation.cost_details': JSON.stringify({ input: 0.001, output: 0.002 }),
      'langfuse.observation.input': JSON.stringify([{ role: 'user', content: 'Hi' }]),
      'langfuse.observation.output': JSON.stringify({ role: 'assistant', content: 'Hello' }),
      'langfuse.observation.completion_start_time': '2024-10-27T03:33:20.300Z',
      'langfuse.session.id': 'sess-1',
      'langfuse.user.id': 'user-1',
      'langfuse.trace.name': 'chat',
    }))!;
    expect(record).toMatchObject({
      operation: 'chat', stepType: 'llm', requestModel: 'gpt-4o', inputTokens: 100, outputTokens: 20, conversationId: 'sess-1',
      userId: 'user-1', requestParameters: { temperature: 0.7 },
      inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }],
      outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello' }] }],
      timeToFirstChunkMs: 300,
    });
    expect(record.reportedCostUsd).toBeCloseTo(0.003, 10);
  });

  it('prefers cost_details.total and lets gen_ai.conversation.id win over langfuse.session.id', () => {
    const record = normalizeSpan(makeSpan({
      'gen_ai.conversation.id': 'conv-semconv',
      'langfuse.session.id': 'sess-langfuse',
      'langfuse.observation.cost_details': JSON.stringify({ input: 1, output: 2, total: 2.5 }),
    }))!;
    expect(record.conversationId).toBe('conv-semconv');
    expect(record.reportedCostUsd).toBe(2.5);
  });
});
