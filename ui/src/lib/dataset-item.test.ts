import { describe, expect, it } from 'vitest';
import { spanItemBody } from './dataset-item.js';
import { makeSpan } from './test-spans.js';

describe('spanItemBody', () => {
  it("takes an LLM span's system and input messages as input, its output messages as expected output", () => {
    const span = makeSpan('s1', '', 0, 10, 0, {
      type: 'llm',
      genAi: {
        systemInstructions: [{ type: 'text', content: 'Be brief.' }],
        inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }],
        outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Sunny.' }], finish_reason: 'stop' }],
      },
    });
    expect(spanItemBody(span)).toEqual({
      input: [
        { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
        { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
      ],
      expectedOutput: [{ role: 'assistant', parts: [{ type: 'text', content: 'Sunny.' }] }],
      sourceTraceId: 't1',
      sourceObservationId: 's1',
    });
  });

  it("takes a tool's arguments and result, JSON text as the JSON it holds", () => {
    const span = makeSpan('s2', 's1', 0, 10, 1, { type: 'tool', genAi: { toolArguments: '{"city":"Paris"}', toolResult: 'sunny' } });
    expect(spanItemBody(span)).toEqual({ input: { city: 'Paris' }, expectedOutput: 'sunny', sourceTraceId: 't1', sourceObservationId: 's2' });
  });

  it('leaves out a missing output, and gives nothing for a span without input', () => {
    const asked = makeSpan('s3', '', 0, 10, 0, { type: 'llm', genAi: { inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }] } });
    expect(spanItemBody(asked)).not.toHaveProperty('expectedOutput');
    expect(spanItemBody(makeSpan('s4', '', 0, 10, 0, { type: 'llm' }))).toBeNull();
    expect(spanItemBody(makeSpan('s5', '', 0, 10, 0))).toBeNull();
  });
});
